/**
 * The archive step: each message split, its invoices recognized and its {@code envelope.json} written into a folder
 * of the archive that appears atomically and is forced to disk at the poll's commit point, before its key is
 * confirmed; refetched, damaged and poison messages included.
 */
package io.github.camelpop3ingest.archive;
