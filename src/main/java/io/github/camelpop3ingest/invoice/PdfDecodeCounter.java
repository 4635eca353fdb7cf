package io.github.camelpop3ingest.invoice;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.filter.Filter;
import org.apache.pdfbox.filter.FilterFactory;

/** Counts the bytes pdfbox holds in memory to decode one PDF stream, decoding it as pdfbox does without keeping it. */
final class PdfDecodeCounter {

    // pdfbox 3.0.8 decodes a filtered stream into memory in full before a byte of it is read (Filter.decode): each
    // filter's output in turn, in 4 KB chunks that cost about what they hold, naming each filter of an array once;
    // a predictor adds two rows of the row length its parameters give, and pads the last row to that length. The
    // count is the sum of every filter's output and three rows: an upper bound of what pdfbox holds at once.
    //
    // Only the filters pdfbox decodes in a single pass with a small, fixed state are counted, by decoding:
    // FlateDecode with java.util.zip.Inflater as pdfbox does it (the count is all that is kept), ASCIIHexDecode,
    // ASCII85Decode and RunLengthDecode with pdfbox's own filters, whose output is exactly what pdfbox would make.
    // The rest cannot be counted that way and are refused: LZWDecode, because pdfbox keeps a copy of a table entry for
    // every code it reads (a 300 KB stream could hold 200,000 entries of up to 4 KB), and PDF/A, the format of
    // Factur-X and ZUGFeRD invoices, forbids it; the image filters (DCTDecode, JPXDecode, JBIG2Decode,
    // CCITTFaxDecode), whose decoders allocate what the image's header declares; Crypt; and names pdfbox does not know.

    /** Deflate's densest code: a 258-byte match in two bits, 1032 bytes for every byte of input. */
    private static final long FLATE_MAX_RATIO = 1032;

    /**
     * pdfbox's Flate decoder keeps what a failing call left in its 4 KB buffer; the JDK's Inflater does not say how
     * much that was.
     */
    private static final int FLATE_ERROR_TAIL = 4096;

    private static final String FLATE = "FlateDecode";
    private static final String ASCII_HEX = "ASCIIHexDecode";
    private static final String ASCII_85 = "ASCII85Decode";
    private static final String RUN_LENGTH = "RunLengthDecode";

    /** pdfbox's filter names with their abbreviations, as its FilterFactory knows them. */
    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry(FLATE, FLATE), Map.entry("Fl", FLATE),
            Map.entry(ASCII_HEX, ASCII_HEX), Map.entry("AHx", ASCII_HEX),
            Map.entry(ASCII_85, ASCII_85), Map.entry("A85", ASCII_85),
            Map.entry(RUN_LENGTH, RUN_LENGTH), Map.entry("RL", RUN_LENGTH),
            Map.entry("LZWDecode", "LZWDecode"), Map.entry("LZW", "LZWDecode"),
            Map.entry("DCTDecode", "DCTDecode"), Map.entry("DCT", "DCTDecode"),
            Map.entry("CCITTFaxDecode", "CCITTFaxDecode"), Map.entry("CCF", "CCITTFaxDecode"),
            Map.entry("JPXDecode", "JPXDecode"), Map.entry("JBIG2Decode", "JBIG2Decode"),
            Map.entry("Crypt", "Crypt"));

    /**
     * The most bytes one byte of input becomes under each counted filter: ASCII85's {@code z} stands for four zero
     * bytes, a run-length pair for up to 128 bytes, two hex digits for one.
     */
    private static final Map<String, Long> MAX_RATIOS =
            Map.of(FLATE, FLATE_MAX_RATIO, ASCII_HEX, 1L, ASCII_85, 4L, RUN_LENGTH, 64L);

    /** Twice what pdfbox's Flate decoder reads and inflates at a time: allocated for each stream, so kept small. */
    private static final int INPUT_CHUNK = 4 * 1024;
    private static final int OUTPUT_CHUNK = 8 * 1024;

    /**
     * A stream's cost.
     *
     * @param bytes the bytes counted; once they pass the limit counting stops, so all that is known is that they do
     * @param uncountable why the stream's filters cannot be counted, or {@code null}
     */
    record Count(long bytes, String uncountable) {}

    private PdfDecodeCounter() {}

    /**
     * Decodes {@code encoded} through {@code filters} as pdfbox would, keeping nothing but what one filter of several
     * hands the next, and counts what pdfbox would hold, stopping soon after {@code limit}.
     *
     * @param encoded the stream's data; more than the stream's own is harmless, as each filter stops at its end marker
     *     or the end of the data and the count can only grow
     * @param filters the /Filter names as written, abbreviations and repetitions included
     * @param rowBytes the largest row a predictor of the stream's parameters allocates, 0 for none
     * @param limit the most bytes of interest
     * @return the count, or why it cannot be taken
     */
    static Count count(InputStream encoded, List<String> filters, long rowBytes, long limit) throws IOException {
        List<String> chain = new ArrayList<>();
        String uncountable = chain(filters, rowBytes, chain);
        if (uncountable != null) {
            return new Count(0, uncountable);
        }
        long total = 0;
        InputStream input = encoded;
        for (int i = 0; i < chain.size(); i++) {
            String filter = chain.get(i);
            if (filter.equals(FLATE)) {
                total = saturatedAdd(total, saturatedMultiply(rowBytes, 3));
            }
            if (total > limit) {
                return new Count(total, null);
            }
            long left = limit - total + 1;
            if (i == chain.size() - 1) {
                long last = filter.equals(FLATE) ? inflatedBytes(input, left) : decode(filter, input, new Sink(left));
                return new Count(saturatedAdd(total, last), null);
            }
            Sink intermediate = new Sink(left, new ByteArrayOutputStream());
            total += decode(filter, input, intermediate);
            if (total > limit) {
                return new Count(total, null);
            }
            input = new ByteArrayInputStream(intermediate.held.toByteArray());
        }
        return new Count(total, null);
    }

    /**
     * The most pdfbox could hold to decode {@code encodedBytes} through {@code filters} whatever the bytes are, for
     * streams whose data cannot be decoded here, such as encrypted ones; an unfiltered stream counts its own length,
     * as pdfbox copies a decrypted stream into memory to read it.
     */
    static Count bound(long encodedBytes, List<String> filters, long rowBytes) {
        List<String> chain = new ArrayList<>();
        String uncountable = chain(filters, rowBytes, chain);
        if (uncountable != null) {
            return new Count(0, uncountable);
        }
        long stage = encodedBytes;
        long total = chain.isEmpty() ? encodedBytes : 0;
        for (String filter : chain) {
            stage = saturatedMultiply(stage, MAX_RATIOS.get(filter));
            if (filter.equals(FLATE)) {
                stage = saturatedAdd(stage, FLATE_ERROR_TAIL + rowBytes);
                total = saturatedAdd(total, saturatedMultiply(rowBytes, 2));
            }
            total = saturatedAdd(total, stage);
        }
        return new Count(total, null);
    }

    /**
     * The row length pdfbox's predictor allocates for these /DecodeParms values, or more: pdfbox multiplies them as
     * {@code int}s, limits /Colors to 32 and fails on a negative product, so the product of the magnitudes bounds every
     * row it allocates. 0 when /Predictor is 1 or less, which pdfbox takes as none.
     *
     * @param predictor /Predictor, 1 if absent; each value as written, or its magnitude rounded up where in doubt
     * @param colors /Colors, 1 if absent
     * @param bitsPerComponent /BitsPerComponent, 8 if absent
     * @param columns /Columns, 1 if absent
     */
    static long rowBytes(double predictor, double colors, double bitsPerComponent, double columns) {
        if (predictor <= 1 && predictor > Integer.MIN_VALUE) {
            return 0;
        }
        // Only a value within int range and at most 32 is surely what pdfbox's Math.min(colors, 32) leaves.
        double colorCount = colors >= 0 && colors < Integer.MAX_VALUE ? Math.min(colors, 32) : Math.abs(colors);
        double bits = Math.ceil(Math.abs(columns)) * Math.ceil(colorCount) * Math.ceil(Math.abs(bitsPerComponent));
        double bytes = Math.ceil(bits / 8);
        return bytes >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) bytes;
    }

    /** The names of a parsed stream's /Filter; anything but a name, on which pdfbox fails, counts as an unknown one. */
    static List<String> filterNames(COSStream stream) {
        COSBase filters = stream.getFilters();
        if (filters instanceof COSName name) {
            return List.of(name.getName());
        }
        List<String> names = new ArrayList<>();
        if (filters instanceof COSArray array) {
            for (int i = 0; i < array.size(); i++) {
                names.add(array.get(i) instanceof COSName name ? name.getName() : "(not a name)");
            }
        }
        return names;
    }

    /**
     * The largest row a predictor of a parsed stream's /DecodeParms or /DP would allocate, as pdfbox reads them: any
     * of their dictionaries may be the one pdfbox picks for a filter.
     */
    static long predictorRowBytes(COSDictionary stream) {
        List<COSDictionary> candidates = new ArrayList<>();
        for (COSName key : List.of(COSName.DECODE_PARMS, COSName.DP)) {
            COSBase parameters = stream.getDictionaryObject(key);
            if (parameters instanceof COSDictionary dictionary) {
                candidates.add(dictionary);
            } else if (parameters instanceof COSArray array) {
                for (int i = 0; i < array.size(); i++) {
                    if (array.getObject(i) instanceof COSDictionary dictionary) {
                        candidates.add(dictionary);
                    }
                }
            }
        }
        long rowBytes = 0;
        for (COSDictionary parameters : candidates) {
            rowBytes = Math.max(rowBytes, rowBytes(parameters.getInt(COSName.PREDICTOR),
                    parameters.getInt(COSName.COLORS, 1), parameters.getInt(COSName.BITS_PER_COMPONENT, 8),
                    parameters.getInt(COSName.COLUMNS, 1)));
        }
        return rowBytes;
    }

    /**
     * Fills {@code chain} with the filters pdfbox applies, each once in order of first appearance, and returns why
     * they cannot be counted, or {@code null}.
     */
    private static String chain(List<String> filters, long rowBytes, List<String> chain) {
        for (String name : filters) {
            String filter = NAMES.get(name);
            if (filter == null) {
                return "/" + name + " is not a filter pdfbox decodes";
            }
            if (!MAX_RATIOS.containsKey(filter)) {
                return "/" + filter + " is not counted";
            }
            if (!chain.contains(filter)) {
                chain.add(filter);
            }
        }
        int flate = chain.indexOf(FLATE);
        if (rowBytes > 0 && flate >= 0 && flate < chain.size() - 1) {
            // The filter after it would read the predictor's output, which is not made here.
            return "a predictor before another filter is not counted";
        }
        return null;
    }

    /** Inflates as pdfbox's FlateFilterDecoderStream does, counting up to {@code stopAt} bytes. */
    private static long inflatedBytes(InputStream in, long stopAt) throws IOException {
        // pdfbox skips the two bytes of a zlib header, whatever they are, and inflates the rest without one.
        in.read();
        in.read();
        Inflater inflater = new Inflater(true);
        try {
            byte[] input = new byte[INPUT_CHUNK];
            byte[] output = new byte[OUTPUT_CHUNK];
            long total = 0;
            while (total < stopAt && !inflater.finished()) {
                if (inflater.needsInput()) {
                    int n = in.read(input);
                    if (n < 0) {
                        break;
                    }
                    inflater.setInput(input, 0, n);
                    continue;
                }
                int n;
                try {
                    n = inflater.inflate(output);
                } catch (DataFormatException e) {
                    return total + FLATE_ERROR_TAIL;
                }
                total += n;
                if (n == 0 && !inflater.needsInput() && !inflater.finished()) {
                    // Without a zlib header nothing can ask for a dictionary; stop rather than spin if it did.
                    break;
                }
            }
            return total;
        } finally {
            inflater.end();
        }
    }

    /** Decodes with pdfbox's own filter into the sink and returns what the sink took before it filled or failed. */
    private static long decode(String name, InputStream input, Sink sink) {
        try {
            Filter filter = FilterFactory.INSTANCE.getFilter(COSName.getPDFName(name));
            filter.decode(input, sink, new COSDictionary(), 0);
        } catch (IOException | RuntimeException e) {
            // Full, or data pdfbox fails on: it would have held what was decoded up to there, and no more.
        }
        return sink.count;
    }

    /** Counts what is written, keeping it if asked to, and fails once more than {@code capacity} has come. */
    private static final class Sink extends OutputStream {

        private final long capacity;
        private final ByteArrayOutputStream held;
        long count;

        Sink(long capacity) {
            this(capacity, null);
        }

        Sink(long capacity, ByteArrayOutputStream held) {
            this.capacity = capacity;
            this.held = held;
        }

        @Override
        public void write(int b) throws IOException {
            if (count >= capacity) {
                throw new Full();
            }
            if (held != null) {
                held.write(b);
            }
            count++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            long room = capacity - count;
            int taken = (int) Math.min(length, room);
            if (held != null) {
                held.write(bytes, offset, taken);
            }
            count += taken;
            if (taken < length) {
                throw new Full();
            }
        }
    }

    /** The sink took all it may. */
    private static final class Full extends IOException {

        private static final long serialVersionUID = 1L;

        Full() {
            super("limit reached");
        }
    }

    static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    private static long saturatedMultiply(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long product = a * b;
        return high != 0 || product < 0 ? Long.MAX_VALUE : product;
    }
}
