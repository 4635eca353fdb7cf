/** Streams one archived POP3 message into its parts folder and describes it (headers, parts, problems);
 * the archive writes that description, with the invoices found, as {@code envelope.json}. */
package io.github.camelpop3ingest.mime;
