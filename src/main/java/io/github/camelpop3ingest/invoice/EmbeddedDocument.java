package io.github.camelpop3ingest.invoice;

import java.util.Arrays;
import java.util.Objects;

/**
 * One file found inside a container attachment: a PDF's embedded file or a ZIP entry.
 *
 * @param path where it was found: the container path, a separator and the inner path, e.g.
 *     {@code invoice.pdf#factur-x.xml} or {@code bundle.zip!/2024/inv.xml}
 * @param name the inner file's own name without folders, e.g. {@code factur-x.xml} or {@code inv.xml}
 * @param content the decoded bytes
 */
public record EmbeddedDocument(String path, String name, byte[] content) {

    /** Separates a PDF's path from the name of a file embedded in it. */
    public static final String PDF_SEPARATOR = "#";

    /** Separates a ZIP's path from the path of an entry inside it, as in {@code jar:} URLs. */
    public static final String ZIP_SEPARATOR = "!/";

    public EmbeddedDocument {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(content, "content");
    }

    /** What the content is, decided by its first bytes. */
    public DocumentKind kind() {
        return DocumentSniffer.sniff(content, name, null);
    }

    // A record compares arrays by identity; two documents with the same bytes are equal.
    @Override
    public boolean equals(Object other) {
        return other instanceof EmbeddedDocument that
                && path.equals(that.path)
                && name.equals(that.name)
                && Arrays.equals(content, that.content);
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, name, Arrays.hashCode(content));
    }

    @Override
    public String toString() {
        return "EmbeddedDocument[path=" + path + ", name=" + name + ", " + content.length + " bytes]";
    }
}
