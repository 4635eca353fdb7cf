package io.github.camelpop3ingest.invoice;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds hostile e-invoices in code, byte for byte the same on every call, for tests that must show bounded memory:
 * documents of many tiny or deeply nested elements, and ZIPs of large XML invoices.
 */
public final class HostileInvoices {

    /** The UBL invoice root every document here starts with, so that the root sniffer takes it for an invoice. */
    public static final String UBL_ROOT =
            "<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\">";

    private static final byte[] DECLARATION = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ROOT = UBL_ROOT.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ROOT_END = "</Invoice>".getBytes(StandardCharsets.US_ASCII);

    private HostileInvoices() {}

    /**
     * A UBL invoice whose root holds {@code elements} empty elements {@code <a/>}, four bytes each: 5,000,000 of them
     * make a document of about 20 MB.
     */
    public static byte[] manyElementsUbl(int elements) {
        requireNotNegative("elements", elements);
        byte[] out = new byte[Math.addExact(DECLARATION.length + ROOT.length + ROOT_END.length,
                Math.multiplyExact(4, elements))];
        int at = put(out, 0, DECLARATION);
        at = put(out, at, ROOT);
        for (int i = 0; i < elements; i++) {
            out[at++] = '<';
            out[at++] = 'a';
            out[at++] = '/';
            out[at++] = '>';
        }
        put(out, at, ROOT_END);
        return out;
    }

    /**
     * A UBL invoice whose root holds {@code depth} elements {@code <a>} each nested in the one before, seven bytes a
     * level; the innermost element is at depth {@code depth + 1}, counting the root as 1.
     */
    public static byte[] deepUbl(int depth) {
        requireNotNegative("depth", depth);
        byte[] out = new byte[Math.addExact(DECLARATION.length + ROOT.length + ROOT_END.length,
                Math.multiplyExact(7, depth))];
        int at = put(out, 0, DECLARATION);
        at = put(out, at, ROOT);
        for (int i = 0; i < depth; i++) {
            out[at++] = '<';
            out[at++] = 'a';
            out[at++] = '>';
        }
        for (int i = 0; i < depth; i++) {
            out[at++] = '<';
            out[at++] = '/';
            out[at++] = 'a';
            out[at++] = '>';
        }
        put(out, at, ROOT_END);
        return out;
    }

    /**
     * A ZIP of {@code entries} entries {@code invoice-1.xml}, {@code invoice-2.xml}, ..., each a well-formed UBL
     * invoice of exactly {@code bytesEach} bytes with a number, a date and a payable amount, padded by short notes of
     * random hex digits: one element per 30 bytes, about 700,000 in 20 MB, so that each entry's DOM alone is large.
     * The entries compress about 4:1, below any zip bomb ratio: this is the ZIP of issue 12.
     *
     * @param bytesEach at least a few hundred bytes, for the invoice's header
     */
    public static byte[] zipOfXml(int entries, int bytesEach) {
        requireNotNegative("entries", entries);
        return zip(entries, i -> invoice(i, bytesEach, true));
    }

    /**
     * A ZIP of {@code entries} invoices as {@link #invoiceOfSize(int, int)} makes them, named as in
     * {@link #zipOfXml(int, int)}: large entries of few elements, which a reader must take one at a time.
     */
    public static byte[] zipOfLargeInvoices(int entries, int bytesEach) {
        requireNotNegative("entries", entries);
        return zip(entries, i -> invoice(i, bytesEach, false));
    }

    /**
     * One well-formed UBL invoice numbered {@code HOSTILE-<number>} of exactly {@code bytes} bytes, of a dozen
     * elements however large: most of it is one note of lines of text (as a sender's embedded attachment would be),
     * which compresses about 10:1.
     */
    public static byte[] invoiceOfSize(int number, int bytes) {
        return invoice(number, bytes, false);
    }

    private static byte[] zip(int entries, IntFunction<byte[]> entry) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (int i = 1; i <= entries; i++) {
                zip.putNextEntry(new ZipEntry("invoice-" + i + ".xml"));
                zip.write(entry.apply(i));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    private static byte[] invoice(int number, int bytes, boolean manyNotes) {
        String head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\""
                + " xmlns:cac=\"urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2\""
                + " xmlns:cbc=\"urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2\">\n"
                + "<cbc:ID>HOSTILE-" + number + "</cbc:ID>\n"
                + "<cbc:IssueDate>2024-01-02</cbc:IssueDate>\n"
                + "<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>\n"
                + "<cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>\n"
                + (manyNotes ? "" : "<cbc:Note>");
        String tail = (manyNotes ? "" : "</cbc:Note>\n")
                + "<cac:LegalMonetaryTotal><cbc:PayableAmount currencyID=\"EUR\">100.00</cbc:PayableAmount>"
                + "</cac:LegalMonetaryTotal>\n"
                + "</Invoice>\n";
        byte[] start = head.getBytes(StandardCharsets.US_ASCII);
        byte[] end = tail.getBytes(StandardCharsets.US_ASCII);
        int padding = bytes - start.length - end.length;
        if (padding < 0) {
            throw new IllegalArgumentException("an invoice needs at least " + (start.length + end.length)
                    + " bytes, asked for " + bytes);
        }
        byte[] out = new byte[bytes];
        int at = put(out, 0, start);
        byte[] line = manyNotes ? "<cbc:Note>????????</cbc:Note>\n".getBytes(StandardCharsets.US_ASCII)
                : "padding of a hostile test invoice, not a real one: ????????\n".getBytes(StandardCharsets.US_ASCII);
        fill(out, at, padding, line, line.length - (manyNotes ? "????????</cbc:Note>\n" : "????????\n").length(),
                number);
        put(out, at + padding, end);
        return out;
    }

    /**
     * Repeats {@code line} with eight random hex digits at {@code digits}, then spaces up to the size: repetitive
     * enough to keep a ZIP small, varied enough that the compression ratio stays far below 100:1. Seeded, so every
     * call yields the same bytes.
     */
    private static void fill(byte[] out, int from, int length, byte[] line, int digits, long seed) {
        byte[] hex = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        Random random = new Random(seed);
        int end = from + length;
        int at = from;
        for (; at + line.length <= end; at += line.length) {
            for (int i = digits; i < digits + 8; i++) {
                line[i] = hex[random.nextInt(16)];
            }
            System.arraycopy(line, 0, out, at, line.length);
        }
        Arrays.fill(out, at, end, (byte) ' ');
    }

    private static int put(byte[] out, int at, byte[] part) {
        System.arraycopy(part, 0, out, at, part.length);
        return at + part.length;
    }

    private static void requireNotNegative(String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative, was " + value);
        }
    }
}
