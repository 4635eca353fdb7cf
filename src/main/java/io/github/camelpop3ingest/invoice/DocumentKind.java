package io.github.camelpop3ingest.invoice;

/** What an attachment or embedded file is, as far as finding invoices is concerned. */
public enum DocumentKind {
    /** A PDF, possibly a PDF/A-3 with an embedded invoice XML. */
    PDF,
    /** A ZIP archive whose entries may hold invoices. */
    ZIP,
    /** An XML document, possibly an invoice (UBL, CII, XRechnung). */
    XML,
    /** Anything else. */
    OTHER
}
