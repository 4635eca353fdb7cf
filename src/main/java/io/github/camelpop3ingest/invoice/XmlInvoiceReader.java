package io.github.camelpop3ingest.invoice;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;

import org.w3c.dom.Document;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Recognizes a structured e-invoice by its root element and reads it into an {@link Invoice}, turning bad input into
 * listed problems instead of exceptions; thread-safe.
 */
public final class XmlInvoiceReader {

    /** Default largest document read, {@link XmlLimits#DEFAULT_MAX_BYTES}. */
    public static final int DEFAULT_MAX_BYTES = XmlLimits.DEFAULT_MAX_BYTES;

    /** How many leading bytes {@link #sniff(byte[])} should be given to see the root element past long comments. */
    public static final int SNIFF_BYTES = 64 * 1024;

    private final XmlLimits limits;
    private final HeapShare heap;
    private final SecureXml parser;
    /** Null when invoices are not validated. */
    private final InvoiceValidator validator;

    /** A reader within {@link XmlLimits#defaults()}. */
    public XmlInvoiceReader() {
        this(XmlLimits.defaults());
    }

    /** A reader that refuses documents larger than {@code maxBytes}, within the other default limits. */
    public XmlInvoiceReader(int maxBytes) {
        this(XmlLimits.defaults().withMaxBytes(maxBytes));
    }

    /** A reader within {@code limits} and within an eighth of this JVM's heap (see {@code HeapShare}). */
    public XmlInvoiceReader(XmlLimits limits) {
        this(limits, HeapShare.ofThisJvm());
    }

    XmlInvoiceReader(XmlLimits limits, HeapShare heap) {
        this(limits, heap, null);
    }

    private XmlInvoiceReader(XmlLimits limits, HeapShare heap, InvoiceValidator validator) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.heap = Objects.requireNonNull(heap, "heap");
        this.parser = new SecureXml(limits.maxDepth());
        this.validator = validator;
    }

    /**
     * A reader like this one whose invoices carry {@link Invoice#validation()}, validated from the bytes and DOM it
     * read them from; {@code null} reads without validating.
     */
    public XmlInvoiceReader withValidator(InvoiceValidator validator) {
        return new XmlInvoiceReader(limits, heap, validator);
    }

    /** The largest document this reader reads, in bytes, as configured; a small heap may lower it. */
    public int maxBytes() {
        return limits.maxBytes();
    }

    /** The limits this reader was made with. */
    public XmlLimits limits() {
        return limits;
    }

    /**
     * Reads one XML document; empty when its root is not an invoice root, otherwise the invoice with whatever could
     * be read and, in {@code problems}, what could not. The caller closes {@code xml}.
     *
     * @param path where the document came from (an archive path or file name), copied into {@link Invoice#path()}
     */
    public Optional<Invoice> read(InputStream xml, String path) {
        return read(BoundedXml.read(xml, inMemoryBound()), path);
    }

    /**
     * Reads a document already in memory, such as a ZIP entry, without copying it; see
     * {@link #read(InputStream, String)}.
     */
    Optional<Invoice> read(byte[] xml, String path) {
        return read(BoundedXml.of(xml, inMemoryBound()), path);
    }

    private int inMemoryBound() {
        return (int) heap.bound(limits.maxBytes());
    }

    private Optional<Invoice> read(BoundedXml bytes, String path) {
        Optional<InvoiceSyntax> sniffed = RootSniffer.sniff(bytes);
        if (sniffed.isEmpty()) {
            return Optional.empty();
        }
        InvoiceSyntax syntax = sniffed.get();
        if (bytes.readFailure() != null) {
            String problem = "reading the document failed: " + bytes.readFailure();
            Invoice invoice = Invoice.unreadable(syntax.format(), path, problem);
            // The document may be fine: reading the part failed, and nothing can be said about its rules.
            return Optional.of(validator == null ? invoice
                    : invoice.withValidation(InvoiceValidation.notValidated(null, problem)));
        }
        if (bytes.tooLarge()) {
            return Optional.of(unreadable(syntax, path, tooLarge()));
        }
        if (XmlNodeCounter.needsCounting(bytes.length(), limits)) {
            String exceeded = XmlNodeCounter.exceeded(bytes, limits);
            if (exceeded != null) {
                return Optional.of(unreadable(syntax, path, exceeded));
            }
        }
        Document document;
        try (InputStream in = bytes.open()) {
            document = parser.parse(in);
        } catch (SAXException e) {
            return Optional.of(unreadable(syntax, path, describe(e)));
        } catch (IOException e) {
            // Only an in-memory stream is read here, so this is the parser reporting bad input (e.g. bad encoding).
            return Optional.of(unreadable(syntax, path, "not well-formed XML: " + e));
        }
        Invoice invoice = switch (syntax) {
            case UBL_INVOICE, UBL_CREDIT_NOTE -> new UblReader().read(document, path, syntax);
            case CII -> new CiiReader().read(document, path);
            case ZUGFERD_1 -> new Zugferd1Reader().read(document, path);
        };
        if (validator == null) {
            return Optional.of(invoice);
        }
        return Optional.of(invoice.withValidation(
                validator.validate(document, bytes, syntax, invoice.customizationId(), path)));
    }

    /** An invoice of a document that is not XML within the limits; invalid, when validating, with the same text. */
    private Invoice unreadable(InvoiceSyntax syntax, String path, String problem) {
        Invoice invoice = Invoice.unreadable(syntax.format(), path, problem);
        return validator == null ? invoice : invoice.withValidation(InvoiceValidation.unreadable(problem));
    }

    private String tooLarge() {
        if (heap.lowers(limits.maxBytes())) {
            return "document is too large for memory and was not read (more than " + inMemoryBound()
                    + " bytes with this heap)";
        }
        return "document is larger than " + limits.maxBytes() + " bytes and was not read";
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

    private String describe(SAXException e) {
        if (SecureXml.isTooDeep(e)) {
            return XmlNodeCounter.tooDeep(limits);
        }
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        String where = e instanceof SAXParseException p && p.getLineNumber() > 0
                ? " (line " + p.getLineNumber() + ", column " + p.getColumnNumber() + ")" : "";
        String kind = message.contains("DOCTYPE") ? "refused XML: DOCTYPE is not allowed: " : "not well-formed XML: ";
        return kind + InvoiceValues.abbreviate(message) + where;
    }
}
