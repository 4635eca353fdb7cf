package io.github.camelpop3ingest.invoice;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Builds small PDFs that make pdfbox allocate much, by declaring {@code n} objects in each of the ways pdfbox
 * allocates for them or by a stream pdfbox decodes into memory, with one page and an embedded {@value #EMBEDDED_NAME}
 * that shows when the PDF is opened.
 */
public final class HostilePdfs {

    /** The file embedded in every PDF built here. */
    public static final String EMBEDDED_NAME = "note.txt";

    private static final byte[] EMBEDDED_CONTENT =
            "This PDF declares more objects than it holds.\n".getBytes(StandardCharsets.US_ASCII);


    private HostilePdfs() {}

    /**
     * A PDF whose xref stream has {@code /Size n} and n entries, all in use: free entries would cost pdfbox nothing.
     * The entries beyond the real objects are at offset 0, which pdfbox keeps without checking each one, and compress
     * about 1000:1, so 20 million of them take about 60 KB; pdfbox 3.0.8 runs out of a 1 GB heap on them.
     *
     * @param n the objects declared, at least the 7 the PDF has
     * @return the PDF's bytes
     */
    public static byte[] declaringObjects(int n) {
        PdfWriter pdf = PdfWriter.withEmbeddedFile();
        return pdf.finishWithXrefStream("/Size " + n, n);
    }

    /**
     * As {@link #declaringObjects(int)}, with a comment between the xref stream's object number and generation, which
     * pdfbox skips as it reads the header {@code startxref} points at.
     */
    public static byte[] declaringObjectsBehindCommentedHeader(int n) {
        PdfWriter pdf = PdfWriter.withEmbeddedFile();
        int self = pdf.objects() + 1;
        return replaced(pdf.finishWithXrefStream("/Size " + n, n), "\n" + self + " 0 obj\n<< /Type /XRef",
                "\n" + self + " %comment\n0 obj\n<< /Type /XRef");
    }

    /**
     * As {@link #declaringObjects(int)}, with the xref stream's header glued to the word before it
     * ({@code endobjx6 0 obj}): {@code startxref} points at the header's first digit all the same.
     */
    public static byte[] declaringObjectsBehindGluedHeader(int n) {
        PdfWriter pdf = PdfWriter.withEmbeddedFile();
        int self = pdf.objects() + 1;
        return replaced(pdf.finishWithXrefStream("/Size " + n, n), "endobj\n" + self + " 0 obj",
                "endobjx" + self + " 0 obj");
    }

    /** A PDF whose xref stream declares n entries in {@code /Index [0 n]}, which pdfbox takes over its small /Size. */
    public static byte[] declaringObjectsInIndex(int n) {
        PdfWriter pdf = PdfWriter.withEmbeddedFile();
        return pdf.finishWithXrefStream("/Size " + (pdf.objects() + 1) + " /Index [0 " + n + "]", n);
    }

    /**
     * A PDF whose xref stream gives its /Size as a reference to an object holding n, which pdfbox resolves; the
     * stream holds n entries.
     */
    public static byte[] declaringObjectsByReference(int n) {
        PdfWriter pdf = PdfWriter.withEmbeddedFile();
        int size = pdf.object(Integer.toString(n));
        return pdf.finishWithXrefStream("/Size " + size + " 0 R", n);
    }

    /**
     * A PDF with a cross-reference table whose subsection header declares n entries and is followed by the few real
     * ones: pdfbox reads entries up to the declared count while they are there.
     */
    public static byte[] declaringObjectsInTable(int n) {
        PdfWriter pdf = PdfWriter.withEmbeddedFile();
        return pdf.finishWithTable(n);
    }

    /** A PDF with an object stream whose /N declares n objects; pdfbox parses up to that many offset pairs. */
    public static byte[] declaringObjectsInObjectStream(int n) {
        PdfWriter pdf = PdfWriter.withEmbeddedFile();
        // One object inside, never referenced; the stream's objects follow its header of number and offset pairs.
        String header = (pdf.objects() + 3) + " 0 ";
        int stream = pdf.stream("/Type /ObjStm /N " + n + " /First " + header.length(),
                (header + "null").getBytes(StandardCharsets.US_ASCII));
        return pdf.finishWithXrefStream("/Size " + (pdf.objects() + 3), pdf.objects() + 3, stream);
    }

    /**
     * A PDF whose xref stream declares only its real objects in an honest /Size, but whose FlateDecode data goes on
     * with zeros to {@code decodedBytes}: pdfbox reads the entries /Size declares but inflates all of the data into
     * memory first. 300 MB take about 300 KB.
     *
     * @param decodedBytes the xref stream's decoded length, at least its 7 entries of 3 bytes
     * @return the PDF's bytes
     */
    public static byte[] inflatingXrefStream(long decodedBytes) {
        PdfWriter pdf = PdfWriter.withEmbeddedFile();
        int entries = pdf.objects() + 2;
        return pdf.finishWithXrefStream("/Size " + entries, entries, decodedBytes - 3L * entries, "");
    }

    /**
     * A PDF whose embedded file's specification is the one object of a FlateDecode object stream, /N 1, whose data
     * goes on with zeros after the object to {@code decodedBytes}: pdfbox inflates the whole stream into memory to
     * read the specification from it.
     *
     * @param decodedBytes the object stream's decoded length, at least the object it holds
     * @return the PDF's bytes
     */
    public static byte[] inflatingObjectStream(long decodedBytes) {
        return PdfWriter.withFileSpecificationInObjectStream(decodedBytes, "/Type /ObjStm", "/Filter /FlateDecode",
                true).finishWithXrefStream();
    }

    /**
     * As {@link #inflatingObjectStream(long)}, without /Type /ObjStm: pdfbox takes the stream the xref stream names
     * as an object stream whatever its type, and decodes it before it reads a key of it.
     */
    public static byte[] inflatingUntypedObjectStream(long decodedBytes) {
        return PdfWriter.withFileSpecificationInObjectStream(decodedBytes, "", "/Filter /FlateDecode", true)
                .finishWithXrefStream();
    }

    /**
     * As {@link #inflatingObjectStream(long)}, with the deflated data written in hex under
     * {@code /Filter [/ASCIIHexDecode /FlateDecode]}: pdfbox holds both the deflated and the inflated data.
     */
    public static byte[] inflatingHexObjectStream(long decodedBytes) {
        return PdfWriter.withFileSpecificationInObjectStream(decodedBytes, "/Type /ObjStm",
                "/Filter [/ASCIIHexDecode /FlateDecode]", true).finishWithXrefStream();
    }

    /**
     * The PDF, built here, with an /Encrypt entry in its xref stream's dictionary as an encrypted PDF has: it refers to
     * no object, so pdfbox could not open the PDF, but the census takes it as encrypted.
     */
    public static byte[] markedEncrypted(byte[] pdf) {
        return replaced(pdf, "<< /Type /XRef ", "<< /Type /XRef /Encrypt 99 0 R ");
    }

    /**
     * As {@link #inflatingObjectStream(long)} but with the object stream's data, the object and zeros up to
     * {@code dataBytes}, left as it is under the {@code /Filter} (and perhaps {@code /DecodeParms}) entries given: for
     * no filter, or filters whose data is never decoded because the PDF is refused first.
     */
    public static byte[] objectStreamWithFilters(String filterEntries, long dataBytes) {
        return PdfWriter.withFileSpecificationInObjectStream(dataBytes, "/Type /ObjStm", filterEntries, false)
                .finishWithXrefStream();
    }

    /**
     * A PDF whose xref stream's /DecodeParms give a PNG predictor rows of {@code columns} bytes: pdfbox allocates two
     * rows before it inflates a byte, and writes a whole last row however short the data.
     */
    public static byte[] xrefStreamWithPredictorColumns(int columns) {
        PdfWriter pdf = PdfWriter.withEmbeddedFile();
        int entries = pdf.objects() + 2;
        return pdf.finishWithXrefStream("/Size " + entries, entries, 0,
                " /DecodeParms << /Predictor 12 /Columns " + columns + " >>");
    }

    /**
     * A PDF whose embedded {@value #EMBEDDED_NAME} is {@code decodedBytes} zeros, FlateDecode with an empty
     * /DecodeParms dictionary, which pdfbox decodes into memory in full when asked for the file's content.
     */
    public static byte[] inflatingEmbeddedFile(long decodedBytes) {
        PdfWriter pdf = PdfWriter.withCatalog();
        pdf.stream("/Type /EmbeddedFile /Subtype /text#2Fplain /Filter /FlateDecode /DecodeParms << >>",
                deflated(new byte[0], decodedBytes));
        return pdf.finishWithXrefStream();
    }

    /**
     * A PDF of n object headers without cross-reference data, which pdfbox rebuilds by finding every header; about
     * 20 bytes per object.
     */
    public static byte[] holdingObjects(int n) {
        PdfWriter pdf = PdfWriter.withEmbeddedFile();
        while (pdf.objects() < n) {
            pdf.object("null");
        }
        return pdf.finishWithoutCrossReference();
    }

    /** The PDF with one piece of text replaced; the caller keeps the offsets before it valid. */
    private static byte[] replaced(byte[] pdf, String text, String replacement) {
        String bytes = new String(pdf, StandardCharsets.ISO_8859_1);
        if (!bytes.contains(text)) {
            throw new IllegalStateException("no " + text + " to replace");
        }
        return bytes.replace(text, replacement).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** {@code start}, then zeros up to {@code totalBytes} in all, deflated. */
    private static byte[] deflated(byte[] start, long totalBytes) {
        ByteArrayOutputStream deflated = new ByteArrayOutputStream();
        try (DeflaterOutputStream data = new DeflaterOutputStream(deflated, new Deflater(Deflater.BEST_COMPRESSION),
                64 * 1024)) {
            data.write(start);
            writeZeros(data, totalBytes - start.length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return deflated.toByteArray();
    }

    private static void writeZeros(OutputStream out, long count) throws IOException {
        byte[] zeros = new byte[64 * 1024];
        for (long left = count; left > 0; left -= zeros.length) {
            out.write(zeros, 0, (int) Math.min(left, zeros.length));
        }
    }

    /** The bytes in hex digits, ended by '>' as ASCIIHexDecode wants. */
    private static byte[] hex(byte[] bytes) {
        StringBuilder hex = new StringBuilder(2 * bytes.length + 1);
        for (byte b : bytes) {
            hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return hex.append('>').toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Writes objects in order and remembers their offsets, as a PDF writer does. */
    private static final class PdfWriter {

        private static final String CATALOG = "<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names [("
                + EMBEDDED_NAME + ") 4 0 R] >> >> >>";
        private static final String PAGES = "<< /Type /Pages /Kids [3 0 R] /Count 1 >>";
        private static final String PAGE = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>";
        private static final String FILE_SPECIFICATION = "<< /Type /Filespec /F (" + EMBEDDED_NAME + ") /UF ("
                + EMBEDDED_NAME + ") /EF << /F 5 0 R >> >>";
        private static final String EMBEDDED_FILE = "/Type /EmbeddedFile /Subtype /text#2Fplain";

        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        /** Offsets by object number, or minus the object stream holding the object; object 0 heads the free list. */
        private final List<Long> offsets = new ArrayList<>(List.of(0L));

        private PdfWriter() {
            text("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n");
        }

        /** Objects 1 to 4: catalog, page tree, page and file specification, whose file is to be object 5. */
        static PdfWriter withCatalog() {
            PdfWriter pdf = new PdfWriter();
            pdf.object(CATALOG);
            pdf.object(PAGES);
            pdf.object(PAGE);
            pdf.object(FILE_SPECIFICATION);
            return pdf;
        }

        /** Objects 1 to 5: catalog, page tree, page, file specification and embedded file. */
        static PdfWriter withEmbeddedFile() {
            PdfWriter pdf = withCatalog();
            pdf.stream(EMBEDDED_FILE, EMBEDDED_CONTENT);
            return pdf;
        }

        /**
         * Objects 1 to 6, the file specification 4 inside object stream 6, whose data is the object and zeros up to
         * {@code dataBytes}, deflated (and then in hex if the filters say so) or left as it is.
         */
        static PdfWriter withFileSpecificationInObjectStream(long dataBytes, String typeEntry, String filterEntries,
                boolean deflate) {
            PdfWriter pdf = new PdfWriter();
            pdf.object(CATALOG);
            pdf.object(PAGES);
            pdf.object(PAGE);
            pdf.offsets.add(0L);
            int specification = pdf.objects();
            pdf.stream(EMBEDDED_FILE, EMBEDDED_CONTENT);
            String header = specification + " 0 ";
            byte[] start = (header + FILE_SPECIFICATION).getBytes(StandardCharsets.US_ASCII);
            byte[] data;
            if (deflate) {
                data = deflated(start, dataBytes);
                if (filterEntries.contains("/ASCIIHexDecode")) {
                    data = hex(data);
                }
            } else {
                data = Arrays.copyOf(start, Math.toIntExact(Math.max(dataBytes, start.length)));
            }
            int stream = pdf.stream(typeEntry + " /N 1 /First " + header.length() + " " + filterEntries, data);
            pdf.offsets.set(specification, (long) -stream);
            return pdf;
        }

        int objects() {
            return offsets.size() - 1;
        }

        int object(String body) {
            offsets.add((long) out.size());
            text(objects() + " 0 obj\n" + body + "\nendobj\n");
            return objects();
        }

        int stream(String entries, byte[] data) {
            offsets.add((long) out.size());
            text(objects() + " 0 obj\n<< " + entries + " /Length " + data.length + " >>\nstream\n");
            out.writeBytes(data);
            text("\nendstream\nendobj\n");
            return objects();
        }

        /** Ends with an xref stream of the objects written and itself. */
        byte[] finishWithXrefStream() {
            int entries = objects() + 2;
            return finishWithXrefStream("/Size " + entries, entries, 0, "");
        }

        byte[] finishWithXrefStream(String sizeEntries, int entries, int... objectStream) {
            return finishWithXrefStream(sizeEntries, entries, 0, "", objectStream);
        }

        /**
         * Ends with an xref stream of {@code entries} entries, {@code /W [1 2 0]} (or {@code [1 4 0]} once an offset
         * needs it): the real objects, the stream
         * itself, a compressed object at index 0 of the object stream if one is given, then in-use entries at offset
         * 0 (pdfbox gives up checking offsets at the first of them instead of warning about each); then
         * {@code paddingBytes} zeros, which no entry declares.
         */
        byte[] finishWithXrefStream(String sizeEntries, int entries, long paddingBytes, String moreEntries,
                int... objectStream) {
            int self = objects() + 1;
            requireRealObjects(entries, self + 1 + objectStream.length);
            long selfOffset = out.size();
            int width = selfOffset > 0xffff ? 4 : 2;
            ByteArrayOutputStream deflated = new ByteArrayOutputStream();
            try (DeflaterOutputStream data = new DeflaterOutputStream(deflated, new Deflater(Deflater.BEST_COMPRESSION),
                    64 * 1024)) {
                data.write(entry(0, 0, width));
                for (int i = 1; i < self; i++) {
                    long offset = offsets.get(i);
                    data.write(offset < 0 ? entry(2, -offset, width) : entry(1, offset, width));
                }
                data.write(entry(1, selfOffset, width));
                int written = self + 1;
                if (objectStream.length > 0) {
                    data.write(entry(2, objectStream[0], width));
                    written++;
                }
                byte[] chunk = repeated(entry(1, 0, width), 64 * 1024);
                while (written < entries) {
                    int now = Math.min(entries - written, 64 * 1024);
                    data.write(chunk, 0, now * (1 + width));
                    written += now;
                }
                writeZeros(data, paddingBytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            offsets.add(selfOffset);
            byte[] data = deflated.toByteArray();
            text(self + " 0 obj\n<< /Type /XRef " + sizeEntries + " /W [1 " + width + " 0] /Root 1 0 R"
                    + " /Filter /FlateDecode" + moreEntries + " /Length " + data.length + " >>\nstream\n");
            out.writeBytes(data);
            text("\nendstream\nendobj\nstartxref\n" + selfOffset + "\n%%EOF\n");
            return out.toByteArray();
        }

        /** Ends with a table whose one subsection declares {@code entries} but lists only the real objects. */
        byte[] finishWithTable(int entries) {
            requireRealObjects(entries, objects() + 1);
            long xref = out.size();
            StringBuilder table = new StringBuilder("xref\n0 " + entries + "\n0000000000 65535 f\r\n");
            for (int i = 1; i <= objects(); i++) {
                table.append(String.format("%010d 00000 n\r\n", offsets.get(i)));
            }
            text(table + "trailer\n<< /Size " + (objects() + 1) + " /Root 1 0 R >>\nstartxref\n" + xref
                    + "\n%%EOF\n");
            return out.toByteArray();
        }

        byte[] finishWithoutCrossReference() {
            text("trailer\n<< /Size " + (objects() + 1) + " /Root 1 0 R >>\n%%EOF\n");
            return out.toByteArray();
        }

        private static void requireRealObjects(int declared, int real) {
            if (declared < real) {
                throw new IllegalArgumentException("declares " + declared + " objects, fewer than its own " + real);
            }
        }

        private void text(String text) {
            out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
        }

        /** Type, then an offset or object stream number of {@code width} bytes; the third field, width 0, is 0. */
        private static byte[] entry(int type, long field, int width) {
            if (field >= 1L << (8 * width)) {
                throw new IllegalStateException("offset beyond " + width + " bytes: " + field);
            }
            byte[] entry = new byte[1 + width];
            entry[0] = (byte) type;
            for (int i = 0; i < width; i++) {
                entry[width - i] = (byte) (field >> (8 * i));
            }
            return entry;
        }

        private static byte[] repeated(byte[] entry, int times) {
            byte[] bytes = new byte[entry.length * times];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = entry[i % entry.length];
            }
            return bytes;
        }
    }
}
