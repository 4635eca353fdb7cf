package io.github.camelpop3ingest.invoice;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.w3c.dom.Document;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Recognizes a structured e-invoice by its root element and reads it into an {@link Invoice}, turning bad input into
 * listed problems instead of exceptions; thread-safe.
 */
public final class XmlInvoiceReader {

    /** Default largest document read: far above real invoices, even XRechnungen with embedded PDFs. */
    public static final int DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

    /** How many leading bytes {@link #sniff(byte[])} should be given to see the root element past long comments. */
    public static final int SNIFF_BYTES = 64 * 1024;

    private final int maxBytes;

    /** A reader with the {@link #DEFAULT_MAX_BYTES} limit. */
    public XmlInvoiceReader() {
        this(DEFAULT_MAX_BYTES);
    }

    /** A reader that refuses documents larger than {@code maxBytes}. */
    public XmlInvoiceReader(int maxBytes) {
        if (maxBytes < 1 || maxBytes == Integer.MAX_VALUE) {
            throw new IllegalArgumentException("maxBytes must be between 1 and " + (Integer.MAX_VALUE - 1)
                    + ", was " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    /** The largest document this reader reads, in bytes. */
    public int maxBytes() {
        return maxBytes;
    }

    /**
     * Reads one XML document; empty when its root is not an invoice root, otherwise the invoice with whatever could
     * be read and, in {@code problems}, what could not. The caller closes {@code xml}.
     *
     * @param path where the document came from (an archive path or file name), copied into {@link Invoice#path()}
     */
    public Optional<Invoice> read(InputStream xml, String path) {
        BoundedXml bytes = BoundedXml.read(xml, maxBytes);
        Optional<InvoiceSyntax> sniffed = RootSniffer.sniff(bytes);
        if (sniffed.isEmpty()) {
            return Optional.empty();
        }
        InvoiceSyntax syntax = sniffed.get();
        if (bytes.readFailure() != null) {
            return Optional.of(Invoice.unreadable(syntax.format(), path,
                    "reading the document failed: " + bytes.readFailure()));
        }
        if (bytes.tooLarge()) {
            return Optional.of(Invoice.unreadable(syntax.format(), path,
                    "document is larger than " + maxBytes + " bytes and was not read"));
        }
        Document document;
        try (InputStream in = bytes.open()) {
            document = SecureXml.parse(in);
        } catch (SAXException e) {
            return Optional.of(Invoice.unreadable(syntax.format(), path, describe(e)));
        } catch (IOException e) {
            // Only an in-memory stream is read here, so this is the parser reporting bad input (e.g. bad encoding).
            return Optional.of(Invoice.unreadable(syntax.format(), path, "not well-formed XML: " + e));
        }
        return Optional.of(switch (syntax) {
            case UBL_INVOICE, UBL_CREDIT_NOTE -> new UblReader().read(document, path, syntax);
            case CII -> new CiiReader().read(document, path);
            case ZUGFERD_1 -> new Zugferd1Reader().read(document, path);
        });
    }

    /**
     * The invoice syntax of a document, decided from its root element alone; give it the first {@link #SNIFF_BYTES}
     * or the whole document. Tolerates a byte order mark, leading whitespace, comments and any declared encoding.
     */
    public static Optional<InvoiceSyntax> sniff(byte[] head) {
        return RootSniffer.sniff(BoundedXml.of(head));
    }

    /** Whether the document's root element is that of a structured invoice; see {@link #sniff(byte[])}. */
    public static boolean looksLikeInvoice(byte[] head) {
        return sniff(head).isPresent();
    }

    private static String describe(SAXException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        String where = e instanceof SAXParseException p && p.getLineNumber() > 0
                ? " (line " + p.getLineNumber() + ", column " + p.getColumnNumber() + ")" : "";
        String kind = message.contains("DOCTYPE") ? "refused XML: DOCTYPE is not allowed: " : "not well-formed XML: ";
        return kind + InvoiceValues.abbreviate(message) + where;
    }
}
