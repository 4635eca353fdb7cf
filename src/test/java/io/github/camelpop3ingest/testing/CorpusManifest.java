package io.github.camelpop3ingest.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code mime/MANIFEST.tsv} and {@code invoices/MANIFEST.tsv} of the shared corpus; a missing corpus is an
 * error, never a skip.
 */
public final class CorpusManifest {

    public static final String CORPUS_PROPERTY = "ingest.corpus.dir";

    private CorpusManifest() {}

    /** One manifest row by column name. */
    public record Row(Map<String, String> columns) {
        public String get(String column) {
            String value = columns.get(column);
            if (value == null) {
                throw new IllegalStateException("MANIFEST.tsv has no column " + column);
            }
            return value;
        }

        @Override
        public String toString() {
            return get("file");
        }
    }

    public static Path mimeDir() {
        return corpusDir().resolve("mime");
    }

    public static Path invoicesDir() {
        return corpusDir().resolve("invoices");
    }

    /** The rows of the MIME manifest. */
    public static List<Row> rows() {
        return rows(mimeDir());
    }

    /** The rows of the invoice manifest. */
    public static List<Row> invoiceRows() {
        return rows(invoicesDir());
    }

    private static Path corpusDir() {
        String dir = System.getProperty(CORPUS_PROPERTY);
        if (dir == null || dir.isBlank()) {
            throw new IllegalStateException("System property " + CORPUS_PROPERTY
                    + " is not set; run through Maven (surefire sets it to ../shared/corpus)");
        }
        return Path.of(dir).toAbsolutePath().normalize();
    }

    private static List<Row> rows(Path dir) {
        Path manifest = dir.resolve("MANIFEST.tsv");
        if (!Files.isRegularFile(manifest)) {
            throw new IllegalStateException("Corpus manifest " + manifest + " is missing; the corpus test cannot run");
        }
        try {
            List<String> lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
            String[] header = lines.get(0).split("\t", -1);
            List<Row> rows = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split("\t", -1);
                Map<String, String> columns = new LinkedHashMap<>();
                for (int i = 0; i < header.length; i++) {
                    columns.put(header[i], i < cells.length ? cells[i] : "");
                }
                rows.add(new Row(columns));
            }
            if (rows.isEmpty()) {
                throw new IllegalStateException("Corpus manifest " + manifest + " has no rows");
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
