/**
 * The {@code pop3-ingest:} component, its POP3 client and its consumer. A poll runs the consumer's stages in order:
 * {@code Pop3Inventory} (one UIDL, skip processed keys, reserve new ones), {@code Pop3SpoolingFetcher} (RETR into
 * spool files ahead of the route), {@code Pop3OnCompletion} (where messages are confirmed, at commit points),
 * {@code Pop3Deletions} (where they are deleted: DELE before QUIT) and {@code Pop3PollStatistics} (progress, the
 * poll's line, listeners).
 */
package io.github.camelpop3ingest.pop3;
