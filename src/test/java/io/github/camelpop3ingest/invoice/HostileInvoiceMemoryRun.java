package io.github.camelpop3ingest.invoice;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import io.github.camelpop3ingest.mime.EnvelopePart;

/**
 * Feeds one hostile mail to {@link InvoiceRecognizer} in this JVM and prints what came out, how long it took and the
 * heap's peak, for runs in a child JVM with a small {@code -Xmx} (issue 12); not a test, so the build never runs it.
 * <p>
 * {@code java -Xmx256m -cp target/classes:target/test-classes:$(cat cp.txt)
 * io.github.camelpop3ingest.invoice.HostileInvoiceMemoryRun MODE [SIZE]}, MODE one of {@code many-elements},
 * {@code deep}, {@code zip}, {@code zip-large}, {@code large-invoice}, {@code pdf-xref-stream},
 * {@code pdf-object-stream}, {@code pdf-untyped-object-stream}, {@code pdf-hex-object-stream},
 * {@code pdf-embedded-file} (PDFs whose one stream inflates to SIZE bytes, 300 MB by default),
 * {@code pdf-predictor} (an xref stream whose predictor rows are SIZE bytes, 100 MB by default), {@code timing} or
 * {@code pdf-census-timing} (the census's and the whole extraction's time per corpus PDF).
 */
public final class HostileInvoiceMemoryRun {

    private static final int MB = 1024 * 1024;

    private HostileInvoiceMemoryRun() {}

    public static void main(String[] args) throws IOException {
        String mode = args.length > 0 ? args[0] : "many-elements";
        System.out.printf(Locale.ROOT, "mode=%s maxMemory=%d MB%n", mode, Runtime.getRuntime().maxMemory() / MB);
        try {
            switch (mode) {
                case "many-elements" -> recognize("invoice.xml", HostileInvoices.manyElementsUbl(
                        args.length > 1 ? Integer.parseInt(args[1]) : 5_000_000));
                case "deep" -> recognize("invoice.xml", HostileInvoices.deepUbl(
                        args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000));
                case "zip" -> recognize("bundle.zip", HostileInvoices.zipOfXml(5,
                        args.length > 1 ? Integer.parseInt(args[1]) : 20 * MB - 4096));
                case "zip-large" -> recognize("bundle.zip", HostileInvoices.zipOfLargeInvoices(5,
                        args.length > 1 ? Integer.parseInt(args[1]) : 20 * MB - 4096));
                case "large-invoice" -> recognize("invoice.xml", HostileInvoices.invoiceOfSize(1,
                        args.length > 1 ? Integer.parseInt(args[1]) : 20 * MB - 4096));
                case "pdf-xref-stream" -> recognize("invoice.pdf", HostilePdfs.inflatingXrefStream(
                        args.length > 1 ? Long.parseLong(args[1]) : 300L * MB));
                case "pdf-object-stream" -> recognize("invoice.pdf", HostilePdfs.inflatingObjectStream(
                        args.length > 1 ? Long.parseLong(args[1]) : 300L * MB));
                case "pdf-untyped-object-stream" -> recognize("invoice.pdf", HostilePdfs.inflatingUntypedObjectStream(
                        args.length > 1 ? Long.parseLong(args[1]) : 300L * MB));
                case "pdf-hex-object-stream" -> recognize("invoice.pdf", HostilePdfs.inflatingHexObjectStream(
                        args.length > 1 ? Long.parseLong(args[1]) : 300L * MB));
                case "pdf-embedded-file" -> recognize("invoice.pdf", HostilePdfs.inflatingEmbeddedFile(
                        args.length > 1 ? Long.parseLong(args[1]) : 300L * MB));
                case "pdf-predictor" -> recognize("invoice.pdf", HostilePdfs.xrefStreamWithPredictorColumns(
                        args.length > 1 ? Integer.parseInt(args[1]) : 100 * MB));
                case "timing" -> timing(args.length > 1 ? Path.of(args[1]) : null);
                case "pdf-census-timing" -> pdfCensusTiming(args.length > 1 ? Path.of(args[1]) : null);
                default -> throw new IllegalArgumentException("unknown mode " + mode);
            }
        } catch (OutOfMemoryError e) {
            System.out.println("OutOfMemoryError: " + e.getMessage());
            System.exit(3);
        }
    }

    private static void recognize(String fileName, byte[] content) throws IOException {
        Path folder = Files.createTempDirectory("hostile-invoice");
        try {
            Files.write(folder.resolve(fileName), content);
            EnvelopePart part = new EnvelopePart(fileName, fileName, null, null, "attachment", content.length, null,
                    null, true, List.of());
            Envelope envelope = new Envelope(Envelope.SCHEMA_VERSION, "test", "uidl-1", "<1@test>", List.of(),
                    List.of(), List.of(), List.of(), "hostile", null, null, content.length, null, List.of(part),
                    List.of());
            System.out.printf(Locale.ROOT, "input=%s %d bytes%n", fileName, content.length);
            content = null;
            System.gc();
            long start = System.nanoTime();
            InvoiceRecognizer.Result result = new InvoiceRecognizer().recognize(folder, envelope);
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.printf(Locale.ROOT, "took=%d ms heapPeak=%d MB%n", millis, heapPeak() / MB);
            for (Invoice invoice : result.invoices()) {
                System.out.printf(Locale.ROOT, "invoice %s %s number=%s problems=%s%n", invoice.path(),
                        invoice.format(), invoice.number(), invoice.problems());
            }
            System.out.println("problems=" + result.problems());
        } finally {
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    /**
     * Reads every XML invoice of {@code corpus} (or of the shared corpus) and a 1 MB invoice of 2,000 lines many
     * times, printing the time per document of the fastest batch after warm-up.
     */
    private static void timing(Path corpus) throws IOException {
        Path dir = corpus != null ? corpus : Path.of("..", "shared", "corpus", "invoices");
        List<byte[]> documents = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".xml")) {
                    documents.add(Files.readAllBytes(file));
                }
            }
        }
        XmlInvoiceReader reader = new XmlInvoiceReader();
        System.out.printf(Locale.ROOT, "corpus: %d documents, %.1f us per document%n", documents.size(),
                meanMicros(reader, documents, 1000));
        byte[] large = manyLines(1 * MB);
        System.out.printf(Locale.ROOT, "1 MB invoice (%d bytes): %.1f us per document%n", large.length,
                meanMicros(reader, List.of(large), 100));
    }

    /**
     * Prints for every PDF of {@code corpus} (or of the shared corpus) the time {@link PdfObjectCensus} takes on it and
     * the time of the whole {@link PdfEmbeddedFiles#extract(Path, ContainerLimits, List)}, census included.
     */
    private static void pdfCensusTiming(Path corpus) throws IOException {
        Path dir = corpus != null ? corpus : Path.of("..", "shared", "corpus", "invoices");
        List<Path> pdfs;
        try (Stream<Path> files = Files.list(dir)) {
            pdfs = files.filter(file -> file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".pdf"))
                    .sorted().toList();
        }
        for (Path pdf : pdfs) {
            long bound = PdfEmbeddedFiles.decodedStreamBound(HeapShare.ofThisJvm());
            double census = fastestMicros(() -> PdfObjectCensus.of(pdf, bound), 200);
            double extract = fastestMicros(() -> PdfEmbeddedFiles.extract(pdf, ContainerLimits.defaults(),
                    new ArrayList<>()), 20);
            System.out.printf(Locale.ROOT, "%-40s %8d bytes  census %8.1f us  extract %9.1f us  %s%n",
                    pdf.getFileName(), Files.size(pdf), census, extract, PdfObjectCensus.of(pdf, bound));
        }
    }

    private interface Work {
        Object run() throws IOException;
    }

    /** The fastest of seven batches of {@code rounds} runs, after a warm-up of as many, in microseconds per run. */
    private static double fastestMicros(Work work, int rounds) throws IOException {
        for (int i = 0; i < rounds; i++) {
            work.run();
        }
        double best = Double.MAX_VALUE;
        for (int batch = 0; batch < 7; batch++) {
            long start = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                work.run();
            }
            best = Math.min(best, (System.nanoTime() - start) / 1000.0 / rounds);
        }
        return best;
    }

    /** The fastest of seven batches after a warm-up of as many rounds, to see past JIT compilation and GC. */
    private static double meanMicros(XmlInvoiceReader reader, List<byte[]> documents, int rounds) {
        for (int i = 0; i < rounds; i++) {
            readAll(reader, documents);
        }
        double best = Double.MAX_VALUE;
        for (int batch = 0; batch < 7; batch++) {
            long start = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                readAll(reader, documents);
            }
            best = Math.min(best, (System.nanoTime() - start) / 1000.0 / rounds / documents.size());
        }
        return best;
    }

    private static void readAll(XmlInvoiceReader reader, List<byte[]> documents) {
        for (byte[] document : documents) {
            if (reader.read(new ByteArrayInputStream(document), "timing.xml").orElseThrow().number() == null) {
                throw new IllegalStateException("a timing document did not read");
            }
        }
    }

    /** A plausible UBL invoice of about {@code bytes} bytes: a header and as many ordinary lines as fit. */
    static byte[] manyLines(int bytes) {
        StringBuilder xml = new StringBuilder(bytes + 1024).append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\""
                + " xmlns:cac=\"urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2\""
                + " xmlns:cbc=\"urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2\">\n"
                + "  <cbc:ID>LINES-1</cbc:ID>\n  <cbc:IssueDate>2024-01-02</cbc:IssueDate>\n"
                + "  <cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>\n"
                + "  <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>\n"
                + "  <cac:LegalMonetaryTotal><cbc:PayableAmount currencyID=\"EUR\">100.00</cbc:PayableAmount>"
                + "</cac:LegalMonetaryTotal>\n");
        for (int line = 1; xml.length() < bytes; line++) {
            xml.append("  <cac:InvoiceLine>\n    <cbc:ID>").append(line).append("</cbc:ID>\n"
                    + "    <cbc:InvoicedQuantity unitCode=\"H87\">2</cbc:InvoicedQuantity>\n"
                    + "    <cbc:LineExtensionAmount currencyID=\"EUR\">20.00</cbc:LineExtensionAmount>\n"
                    + "    <cac:Item>\n      <cbc:Name>Article number ").append(line).append("</cbc:Name>\n"
                    + "      <cac:SellersItemIdentification><cbc:ID>A-").append(line).append("</cbc:ID>"
                    + "</cac:SellersItemIdentification>\n"
                    + "      <cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>19</cbc:Percent>"
                    + "<cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory>\n"
                    + "    </cac:Item>\n"
                    + "    <cac:Price><cbc:PriceAmount currencyID=\"EUR\">10.00</cbc:PriceAmount></cac:Price>\n"
                    + "  </cac:InvoiceLine>\n");
        }
        return xml.append("</Invoice>\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static long heapPeak() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
