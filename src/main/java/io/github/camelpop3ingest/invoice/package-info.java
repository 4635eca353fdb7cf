/**
 * Recognizes e-invoices among a message's parts: structured XML (UBL 2.1, UN/CEFACT CII D16B, ZUGFeRD 1.0) read into
 * one normalized record, found also inside PDF/A-3 files and bounded ZIPs, and duplicates across messages flagged; the
 * {@code envelope.json} record of an archived message, its invoices included, and its writer.
 */
package io.github.camelpop3ingest.invoice;
