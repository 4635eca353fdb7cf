package io.github.camelpop3ingest.invoice;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.github.camelpop3ingest.mime.EnvelopePart;

/**
 * Finds the e-invoices among a message's archived parts, whatever their name or content type: XML invoices, PDFs
 * with embedded invoice XML, both inside bounded ZIPs; a PDF without one becomes a candidate that needs review.
 * <p>
 * Within one message, documents with the same duplicate key count once (a PDF/A-3 and its XML sent beside it),
 * and PDF candidates are dropped when the message holds a structured invoice, since such a PDF is its rendering.
 */
public final class InvoiceRecognizer {

    /**
     * What was found in one message, and what went wrong on the way; {@code crash} names a memory or stack error that
     * stopped the reading of a part (null when none did): the message is then poison, its invoice marked for review.
     */
    public record Result(List<Invoice> invoices, List<String> problems, String crash) {
    }

    private XmlInvoiceReader xml = new XmlInvoiceReader();
    private ContainerLimits limits = ContainerLimits.defaults();
    private InvoiceValidator validator;

    /** Looks at every part the splitter wrote under {@code messageFolder}. */
    public Result recognize(Path messageFolder, Envelope envelope) {
        List<Invoice> structured = new ArrayList<>();
        List<Invoice> candidates = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String crash = null;
        for (EnvelopePart part : envelope.parts()) {
            if (part.path() == null) {
                continue;
            }
            Path file = messageFolder.resolve(part.path());
            try {
                inspectFile(file, part, structured, candidates, problems);
            } catch (IOException | RuntimeException e) {
                // One unreadable part must not hide the invoices in the others, nor stop the message.
                problems.add("invoice recognition of " + part.path() + " failed: " + e.getMessage());
            } catch (StackOverflowError | OutOfMemoryError e) {
                // What the reader built is garbage once the stack unwinds; the other parts are still read, but a
                // person has to look at this one, and at the message, which goes to quarantine.
                String what = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                        + " while reading " + part.path();
                problems.add("invoice recognition of " + part.path() + " failed: " + what);
                structured.add(forReview(file, part, what));
                crash = crash == null ? what : crash;
            }
        }
        List<Invoice> invoices = new ArrayList<>(unique(structured));
        if (invoices.isEmpty()) {
            invoices.addAll(candidates);
        }
        return new Result(List.copyOf(invoices), List.copyOf(problems), crash);
    }

    /**
     * The entry of a part whose reading (or validating) crashed: its syntax when the root element tells it, marked for
     * review, and not validated when validation is on.
     */
    private Invoice forReview(Path file, EnvelopePart part, String what) {
        String format = Invoice.PDF_CANDIDATE;
        try {
            byte[] head = head(file);
            if (DocumentSniffer.sniff(head, part.filename(), part.contentType()) == DocumentKind.XML) {
                format = RootSniffer.sniff(BoundedXml.of(head)).map(InvoiceSyntax::format).orElse(format);
            }
        } catch (IOException | RuntimeException e) {
            // The part was readable a moment ago; without its head the entry keeps the PDF candidate's format.
        }
        Invoice invoice = Invoice.unreadable(format, part.path(), "reading failed: " + what);
        if (validator == null || format.equals(Invoice.PDF_CANDIDATE)) {
            return invoice;
        }
        return invoice.withValidation(InvoiceValidation.notValidated(null, "reading failed: " + what));
    }

    private void inspectFile(Path file, EnvelopePart part, List<Invoice> structured, List<Invoice> candidates,
            List<String> problems) throws IOException {
        byte[] head = head(file);
        DocumentKind kind = DocumentSniffer.sniff(head, part.filename(), part.contentType());
        switch (kind) {
            case XML -> {
                if (XmlInvoiceReader.looksLikeInvoice(head)) {
                    try (InputStream in = Files.newInputStream(file)) {
                        xml.read(in, part.path()).ifPresent(structured::add);
                    }
                }
            }
            case PDF -> inspectPdf(PdfEmbeddedFiles.extract(file, part.path(), limits, problems), part.path(),
                    structured, candidates, problems);
            // Entry by entry: a ZIP of five 20 MB invoices must not be in memory at once.
            case ZIP -> BoundedZip.extract(file, part.path(), limits, problems,
                    doc -> inspectDocument(doc, structured, candidates, problems));
            default -> {
                // Neither XML, PDF nor ZIP: images, text bodies, office files carry no e-invoice.
            }
        }
    }

    private void inspectDocument(EmbeddedDocument doc, List<Invoice> structured, List<Invoice> candidates,
            List<String> problems) {
        switch (doc.kind()) {
            case XML -> readXml(doc).ifPresent(structured::add);
            case PDF -> inspectPdf(PdfEmbeddedFiles.extract(doc.content(), doc.path(), limits, problems),
                    doc.path(), structured, candidates, problems);
            default -> {
                // Nested ZIPs were opened by BoundedZip; other entries carry no e-invoice.
            }
        }
    }

    private void inspectPdf(List<EmbeddedDocument> embedded, String pdfPath, List<Invoice> structured,
            List<Invoice> candidates, List<String> problems) {
        int before = structured.size();
        for (EmbeddedDocument doc : embedded) {
            if (doc.kind() == DocumentKind.XML) {
                readXml(doc).ifPresent(structured::add);
            }
        }
        if (structured.size() == before) {
            candidates.add(new Invoice(Invoice.PDF_CANDIDATE, null, null, null, null, null, null, null, null, null,
                    null, 0, pdfPath, true, null, List.of()));
        }
    }

    private Optional<Invoice> readXml(EmbeddedDocument doc) {
        if (!XmlInvoiceReader.looksLikeInvoice(doc.content())) {
            return Optional.empty();
        }
        // Read in place: a copy would double what a 20 MB entry costs.
        return xml.read(doc.content(), doc.path());
    }

    /** The first of each duplicate key; invoices without a key (unreadable ones) are all kept. */
    private static List<Invoice> unique(List<Invoice> invoices) {
        Map<String, Invoice> byKey = new LinkedHashMap<>();
        List<Invoice> unkeyed = new ArrayList<>();
        for (Invoice invoice : invoices) {
            Optional<String> key = InvoiceDuplicates.keyOf(invoice);
            if (key.isPresent()) {
                byKey.putIfAbsent(key.get(), invoice);
            } else {
                unkeyed.add(invoice);
            }
        }
        List<Invoice> result = new ArrayList<>(byKey.values());
        result.addAll(unkeyed);
        return result;
    }

    private static byte[] head(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(XmlInvoiceReader.SNIFF_BYTES);
        }
    }

    /** The bounds on PDF and ZIP attachments; {@link ContainerLimits#defaults()} unless set. */
    public void setLimits(ContainerLimits limits) {
        this.limits = limits;
    }

    /** The bounds on each XML invoice, attached or inside a PDF or ZIP; {@link XmlLimits#defaults()} unless set. */
    public void setXmlLimits(XmlLimits limits) {
        this.xml = new XmlInvoiceReader(Objects.requireNonNull(limits, "limits")).withValidator(validator);
    }

    /**
     * Validates every structured invoice found, from the bytes it was read from, into {@link Invoice#validation()};
     * unset (the default) or null, invoices are not validated and {@code validation} stays null. PDF candidates are
     * never validated.
     */
    public void setValidator(InvoiceValidator validator) {
        this.validator = validator;
        this.xml = xml.withValidator(validator);
    }

    /**
     * For beans declared in YAML: true validates with a new {@link InvoiceValidator} (which fails at once, naming it,
     * when a rule package is missing), false stops validating.
     */
    public void setValidate(boolean validate) {
        setValidator(validate ? new InvoiceValidator() : null);
    }

    public boolean isValidate() {
        return validator != null;
    }
}
