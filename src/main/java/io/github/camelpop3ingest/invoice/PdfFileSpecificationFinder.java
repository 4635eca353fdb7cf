package io.github.camelpop3ingest.invoice;

import java.io.IOException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentCatalog;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDNameTreeNode;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDFileSpecification;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotation;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationFileAttachment;

/**
 * Finds the file specifications of an open PDF, by name, in the EmbeddedFiles name tree, the catalog's /AF and the
 * file attachment annotations, within {@link ContainerLimits#maxEntries()}.
 */
final class PdfFileSpecificationFinder {

    /** A hostile name tree can be deep or cyclic; real ones are one or two levels. */
    private static final int MAX_NAME_TREE_DEPTH = 32;

    private PdfFileSpecificationFinder() {}

    /**
     * All file specifications by name; each place is read on its own so that one broken place loses no others. The
     * name tree's nodes and names, the /AF entries and the attachment annotations found are counted against
     * {@link ContainerLimits#maxEntries()}: a hostile PDF can list millions.
     */
    static Map<String, PDComplexFileSpecification> find(
            PDDocument document, String quoted, ContainerLimits limits, List<String> problems) {
        Map<String, PDComplexFileSpecification> specs = new LinkedHashMap<>();
        Steps steps = new Steps(limits.maxEntries());
        PDDocumentCatalog catalog = document.getDocumentCatalog();
        try {
            PDDocumentNameDictionary names = catalog.getNames();
            if (names != null && names.getEmbeddedFiles() != null && steps.take(1)) {
                Set<COSDictionary> visited = Collections.newSetFromMap(new IdentityHashMap<>());
                collectNameTree(names.getEmbeddedFiles(), 0, visited, specs, steps);
            }
        } catch (IOException | RuntimeException e) {
            problems.add("PDF name tree unreadable: " + quoted + " (" + ProblemTexts.cause(e) + ")");
        }
        try {
            COSArray associated = catalog.getCOSObject().getCOSArray(COSName.AF);
            if (associated != null) {
                for (int i = 0; i < associated.size() && steps.take(1); i++) {
                    if (associated.getObject(i) instanceof COSDictionary dictionary) {
                        add(specs, null, new PDComplexFileSpecification(dictionary));
                    }
                }
            }
        } catch (RuntimeException e) {
            problems.add("PDF associated files unreadable: " + quoted + " (" + ProblemTexts.cause(e) + ")");
        }
        try {
            for (PDPage page : document.getPages()) {
                for (PDAnnotation annotation : page.getAnnotations()) {
                    if (annotation instanceof PDAnnotationFileAttachment attachment && steps.take(1)) {
                        PDFileSpecification file = attachment.getFile();
                        if (file instanceof PDComplexFileSpecification complex) {
                            add(specs, null, complex);
                        }
                    }
                }
                if (steps.exhausted()) {
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            problems.add("PDF annotations unreadable: " + quoted + " (" + ProblemTexts.cause(e) + ")");
        }
        if (steps.exhausted()) {
            problems.add("PDF lists too many embedded files, stopped: " + quoted + " (more than " + limits.maxEntries()
                    + " name tree nodes, names and attachments)");
        }
        return specs;
    }

    /** Every node pays for its names and kids before pdfbox converts them, which it does for a whole array at once. */
    private static void collectNameTree(PDNameTreeNode<PDComplexFileSpecification> node, int depth,
            Set<COSDictionary> visited, Map<String, PDComplexFileSpecification> specs, Steps steps)
            throws IOException {
        COSDictionary dictionary = node.getCOSObject();
        if (depth > MAX_NAME_TREE_DEPTH || !visited.add(dictionary)
                || !steps.take(size(dictionary.getCOSArray(COSName.NAMES)) / 2
                        + size(dictionary.getCOSArray(COSName.KIDS)))) {
            return;
        }
        Map<String, PDComplexFileSpecification> names = node.getNames();
        if (names != null) {
            names.forEach((key, spec) -> add(specs, key, spec));
        }
        List<PDNameTreeNode<PDComplexFileSpecification>> kids = node.getKids();
        if (kids != null) {
            for (PDNameTreeNode<PDComplexFileSpecification> kid : kids) {
                collectNameTree(kid, depth + 1, visited, specs, steps);
            }
        }
    }

    private static int size(COSArray array) {
        return array == null ? 0 : array.size();
    }

    /** Work left for one PDF; once a step is refused, every later one is too. */
    private static final class Steps {

        private long left;

        Steps(int max) {
            left = max;
        }

        boolean take(int steps) {
            if (left < 0 || steps > left) {
                left = -1;
                return false;
            }
            left -= steps;
            return true;
        }

        boolean exhausted() {
            return left < 0;
        }
    }

    /** Keeps the first specification of each name: Factur-X lists the same file in the name tree and in /AF. */
    private static void add(Map<String, PDComplexFileSpecification> specs, String treeKey,
            PDComplexFileSpecification spec) {
        if (spec == null) {
            return;
        }
        String name = baseName(spec.getFilename());
        if (name.isEmpty()) {
            name = baseName(treeKey);
        }
        if (name.isEmpty()) {
            name = "attachment-" + (specs.size() + 1);
        }
        specs.putIfAbsent(name, spec);
    }

    /** File specifications may carry DOS or Unix folders; the name alone identifies the document. */
    private static String baseName(String name) {
        if (name == null) {
            return "";
        }
        String stripped = name.strip();
        int slash = Math.max(stripped.lastIndexOf('/'), stripped.lastIndexOf('\\'));
        return stripped.substring(slash + 1);
    }
}
