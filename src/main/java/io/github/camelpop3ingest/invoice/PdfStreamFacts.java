package io.github.camelpop3ingest.invoice;

import java.util.ArrayList;
import java.util.List;

/**
 * What one dictionary says about itself; counted only if it is an xref stream or an object stream. The fields the
 * dictionary reader fills in and the stream tally reads are open to the package.
 */
final class PdfStreamFacts {

    boolean crossReferenceStream;
    boolean objectStream;
    private long size = -1;
    /** The objects of a direct /Index array; pdfbox ignores an /Index that is not an array and takes /Size. */
    private long index = -1;
    private long entries = -1;
    private boolean sizeByReference;
    private boolean indexByReference;
    private boolean entriesByReference;
    /** The last /Filter's names, as pdfbox keeps the last value of a repeated key. */
    final List<String> filters = new ArrayList<>();
    /** The largest row any predictor of /DecodeParms or /DP allocates. */
    long rowBytes;
    /** The last direct /Length, or -1. */
    double length = -1;
    boolean lengthByReference;
    /** Why the last /Filter cannot be read here, or {@code null}. */
    String unreadableFilter;
    /** Why any /DecodeParms or /DP cannot be read here, or {@code null}. */
    String unreadableParameters;

    String unreadable() {
        return unreadableFilter != null ? unreadableFilter : unreadableParameters;
    }

    void type(String name) {
        crossReferenceStream |= name.equals("XRef");
        objectStream |= name.equals("ObjStm");
    }

    void number(String key, long value) {
        if (key.equals("Size")) {
            size = Math.max(size, value);
        } else if (key.equals("N")) {
            entries = Math.max(entries, value);
        }
    }

    void index(long value) {
        index = Math.max(index, value);
    }

    void byReference(String key) {
        switch (key) {
            case "Size" -> sizeByReference = true;
            case "Index" -> indexByReference = true;
            case "N" -> entriesByReference = true;
            default -> {
                // pdfbox resolves a /Type reference too; the dictionary may be either kind of stream.
                crossReferenceStream = true;
                objectStream = true;
            }
        }
    }

    void addTo(PdfObjectCensus census) {
        if (crossReferenceStream) {
            // pdfbox takes /Size only when there is no /Index.
            boolean indexed = index >= 0 || indexByReference;
            if (indexByReference) {
                census.uncountable("its cross-reference stream gives /Index by reference");
            } else if (!indexed && sizeByReference) {
                census.uncountable("its cross-reference stream gives /Size by reference");
            }
            census.addCrossReferenceEntries(indexed ? Math.max(index, 0) : Math.max(size, 0));
        }
        if (objectStream) {
            if (entriesByReference) {
                census.uncountable("its object stream gives /N by reference");
            }
            census.addObjectStreamEntries(Math.max(entries, 0));
        }
    }
}
