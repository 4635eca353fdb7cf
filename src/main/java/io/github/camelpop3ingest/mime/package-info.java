/** Streams one archived POP3 message into its parts folder and describes it as an {@code envelope.json}. */
package io.github.camelpop3ingest.mime;
