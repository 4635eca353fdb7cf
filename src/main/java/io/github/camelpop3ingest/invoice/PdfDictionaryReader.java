package io.github.camelpop3ingest.invoice;

import java.io.IOException;

import io.github.camelpop3ingest.invoice.PdfLexer.Kind;

/**
 * Reads a dictionary as leniently as pdfbox does, for what it says of an xref or object stream: its /Type, the
 * entries it declares, its /Filter, /DecodeParms and /Length.
 */
final class PdfDictionaryReader {

    /** pdfbox knows ten filters and applies each once, so a longer /Filter array is hostile. */
    private static final int MAX_FILTERS = 32;

    private final PdfCursor reader;
    private final PdfLexer lexer;

    PdfDictionaryReader(PdfCursor reader, PdfLexer lexer) {
        this.reader = reader;
        this.lexer = lexer;
    }

    /**
     * Reads the entries of a dictionary whose "<<" was read into {@code facts}.
     *
     * @return whether the dictionary was closed, rather than cut off by the end or by "endobj" or "endstream"
     */
    boolean read(PdfStreamFacts facts) throws IOException {
        int depth = 1;
        while (depth > 0) {
            Kind kind = lexer.next();
            if (kind == Kind.END) {
                break;
            } else if (kind == Kind.DICT_OPEN || kind == Kind.ARRAY_OPEN) {
                depth++;
            } else if (kind == Kind.DICT_CLOSE || kind == Kind.ARRAY_CLOSE) {
                depth--;
            } else if (kind == Kind.KEYWORD && (lexer.text.equals("endobj") || lexer.text.equals("endstream"))) {
                // pdfbox ends a broken dictionary there too.
                break;
            } else if (kind == Kind.NAME && depth == 1) {
                readValue(lexer.text, facts);
            }
        }
        return depth == 0;
    }

    /** Reads the value of a top-level key; values of other keys are skipped by the caller's depth count. */
    private void readValue(String key, PdfStreamFacts facts) throws IOException {
        switch (key) {
            case "Filter" -> {
                readFilter(facts);
                return;
            }
            case "DecodeParms", "DP" -> {
                readDecodeParameters(facts);
                return;
            }
            case "Length" -> {
                readLength(facts);
                return;
            }
            default -> {
                // Counted below, or of no interest.
            }
        }
        boolean counted = key.equals("Size") || key.equals("N") || key.equals("Index");
        if (!counted && !key.equals("Type")) {
            return;
        }
        long mark = reader.position();
        Kind kind = lexer.next();
        if (kind == Kind.NUMBER) {
            long value = lexer.count;
            if (isReference()) {
                facts.byReference(key);
            } else if (counted) {
                facts.number(key, value);
            }
        } else if (kind == Kind.NAME && key.equals("Type")) {
            facts.type(lexer.text);
        } else if (kind == Kind.ARRAY_OPEN && key.equals("Index")) {
            facts.index(readIndex());
        } else {
            // A dictionary, an array or the end: the caller's depth count must see it.
            reader.seek(mark);
        }
    }

    /** Whether the number just read starts "n g R"; consumes the rest of the reference if so. */
    private boolean isReference() throws IOException {
        long mark = reader.position();
        if (lexer.next() == Kind.NUMBER && lexer.next() == Kind.KEYWORD && lexer.text.equals("R")) {
            return true;
        }
        reader.seek(mark);
        return false;
    }

    /** Reads /Filter: a name, an array of names, or anything else, which pdfbox takes as no filter. */
    private void readFilter(PdfStreamFacts facts) throws IOException {
        facts.filters.clear();
        facts.unreadableFilter = null;
        long mark = reader.position();
        Kind kind = lexer.next();
        if (kind == Kind.NAME) {
            facts.filters.add(lexer.text);
        } else if (kind == Kind.NUMBER) {
            if (isReference()) {
                facts.unreadableFilter = "gives /Filter by reference";
            }
        } else if (kind == Kind.ARRAY_OPEN) {
            while (true) {
                long before = reader.position();
                Kind item = lexer.next();
                if (item == Kind.ARRAY_CLOSE) {
                    break;
                } else if (item == Kind.END || isEndKeyword(item)) {
                    reader.seek(before);
                    break;
                } else if (item == Kind.NAME && facts.filters.size() < MAX_FILTERS) {
                    facts.filters.add(lexer.text);
                } else {
                    // pdfbox fails on anything but a name here and decodes nothing; a reference would be one.
                    facts.unreadableFilter = item == Kind.NAME ? "lists more than " + MAX_FILTERS + " filters"
                            : "lists other than names in /Filter";
                    reader.seek(before);
                    skipValue();
                }
            }
        } else {
            reader.seek(mark);
        }
    }

    /**
     * Reads /DecodeParms or /DP: a dictionary or an array of them. pdfbox picks the one for each filter by rules of
     * its own; the census takes the largest predictor row of any.
     */
    private void readDecodeParameters(PdfStreamFacts facts) throws IOException {
        long mark = reader.position();
        Kind kind = lexer.next();
        if (kind == Kind.DICT_OPEN) {
            readParameters(facts);
        } else if (kind == Kind.NUMBER) {
            if (isReference()) {
                facts.unreadableParameters = "gives /DecodeParms by reference";
            }
        } else if (kind == Kind.ARRAY_OPEN) {
            while (true) {
                long before = reader.position();
                Kind item = lexer.next();
                if (item == Kind.ARRAY_CLOSE) {
                    break;
                } else if (item == Kind.END || isEndKeyword(item)) {
                    reader.seek(before);
                    break;
                } else if (item == Kind.DICT_OPEN) {
                    readParameters(facts);
                } else if (item == Kind.NUMBER && isReference()) {
                    facts.unreadableParameters = "gives /DecodeParms by reference";
                } else if (item == Kind.ARRAY_OPEN) {
                    reader.seek(before);
                    skipValue();
                }
            }
        } else {
            reader.seek(mark);
        }
    }

    /** Reads a parameter dictionary whose "<<" was read, for the predictor's row length. */
    private void readParameters(PdfStreamFacts facts) throws IOException {
        double predictor = 1;
        double colors = 1;
        double bitsPerComponent = 8;
        double columns = 1;
        int depth = 1;
        while (depth > 0) {
            long before = reader.position();
            Kind kind = lexer.next();
            if (kind == Kind.END || isEndKeyword(kind)) {
                reader.seek(before);
                break;
            } else if (kind == Kind.DICT_OPEN || kind == Kind.ARRAY_OPEN) {
                depth++;
            } else if (kind == Kind.DICT_CLOSE || kind == Kind.ARRAY_CLOSE) {
                depth--;
            } else if (kind == Kind.NAME && depth == 1) {
                String key = lexer.text;
                if (!key.equals("Predictor") && !key.equals("Colors") && !key.equals("BitsPerComponent")
                        && !key.equals("Columns")) {
                    continue;
                }
                long mark = reader.position();
                if (lexer.next() != Kind.NUMBER) {
                    reader.seek(mark);
                    continue;
                }
                double value = lexer.value;
                if (isReference()) {
                    facts.unreadableParameters = "gives /" + key + " by reference";
                }
                switch (key) {
                    case "Predictor" -> predictor = value;
                    case "Colors" -> colors = value;
                    case "BitsPerComponent" -> bitsPerComponent = value;
                    default -> columns = value;
                }
            }
        }
        facts.rowBytes = Math.max(facts.rowBytes,
                PdfDecodeCounter.rowBytes(predictor, colors, bitsPerComponent, columns));
    }

    private void readLength(PdfStreamFacts facts) throws IOException {
        long mark = reader.position();
        if (lexer.next() != Kind.NUMBER) {
            reader.seek(mark);
            return;
        }
        double value = lexer.value;
        facts.lengthByReference = isReference();
        facts.length = facts.lengthByReference ? -1 : value;
    }

    /** Skips one value, nested arrays and dictionaries included, up to the end of a broken object. */
    private void skipValue() throws IOException {
        int depth = 0;
        do {
            long before = reader.position();
            Kind kind = lexer.next();
            if (kind == Kind.END || isEndKeyword(kind)) {
                reader.seek(before);
                return;
            } else if (kind == Kind.DICT_OPEN || kind == Kind.ARRAY_OPEN) {
                depth++;
            } else if (kind == Kind.DICT_CLOSE || kind == Kind.ARRAY_CLOSE) {
                depth--;
            }
        } while (depth > 0);
    }

    /** Whether the token just read is a keyword at which pdfbox ends a broken dictionary. */
    private boolean isEndKeyword(Kind kind) {
        return kind == Kind.KEYWORD && (lexer.text.equals("endobj") || lexer.text.equals("endstream"));
    }

    /** The objects an /Index array lists: the second number of each pair, nested values skipped. */
    private long readIndex() throws IOException {
        long total = 0;
        int numbers = 0;
        int depth = 1;
        while (depth > 0) {
            Kind kind = lexer.next();
            if (kind == Kind.END) {
                break;
            } else if (kind == Kind.ARRAY_OPEN || kind == Kind.DICT_OPEN) {
                depth++;
            } else if (kind == Kind.ARRAY_CLOSE || kind == Kind.DICT_CLOSE) {
                depth--;
            } else if (kind == Kind.NUMBER && depth == 1 && numbers++ % 2 == 1) {
                total = PdfDecodeCounter.saturatedAdd(total, lexer.count);
            }
        }
        return total;
    }
}
