package io.github.camelpop3ingest.invoice;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationFileAttachment;

/** Builds small PDFs with embedded files for the tests, so hostile variants need no binary fixtures. */
final class TestPdfs {

    private TestPdfs() {}

    /** A one-page PDF with the file in its EmbeddedFiles name tree, encrypted if a user password is given. */
    static Path withEmbeddedFile(Path target, String name, byte[] content, String userPassword) throws IOException {
        try (PDDocument document = new PDDocument()) {
            document.addPage(new PDPage());
            PDEmbeddedFilesNameTreeNode tree = new PDEmbeddedFilesNameTreeNode();
            tree.setNames(Map.of(name, fileSpecification(document, name, content)));
            PDDocumentNameDictionary names = new PDDocumentNameDictionary(document.getDocumentCatalog());
            names.setEmbeddedFiles(tree);
            document.getDocumentCatalog().setNames(names);
            if (userPassword != null) {
                StandardProtectionPolicy policy =
                        new StandardProtectionPolicy("owner-secret", userPassword, new AccessPermission());
                policy.setEncryptionKeyLength(128);
                document.protect(policy);
            }
            document.save(target.toFile());
        }
        return target;
    }

    /** A one-page PDF with all files in the one node of its EmbeddedFiles name tree. */
    static Path withEmbeddedFiles(Path target, Map<String, byte[]> files) throws IOException {
        try (PDDocument document = new PDDocument()) {
            document.addPage(new PDPage());
            Map<String, PDComplexFileSpecification> specifications = new LinkedHashMap<>();
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                specifications.put(file.getKey(), fileSpecification(document, file.getKey(), file.getValue()));
            }
            PDEmbeddedFilesNameTreeNode tree = new PDEmbeddedFilesNameTreeNode();
            tree.setNames(specifications);
            PDDocumentNameDictionary names = new PDDocumentNameDictionary(document.getDocumentCatalog());
            names.setEmbeddedFiles(tree);
            document.getDocumentCatalog().setNames(names);
            document.save(target.toFile());
        }
        return target;
    }

    /** A one-page PDF whose only embedded file hangs off a file attachment annotation. */
    static Path withAttachmentAnnotation(Path target, String name, byte[] content) throws IOException {
        try (PDDocument document = new PDDocument()) {
            PDPage page = new PDPage();
            document.addPage(page);
            PDAnnotationFileAttachment annotation = new PDAnnotationFileAttachment();
            annotation.setRectangle(new PDRectangle(50, 700, 20, 20));
            annotation.setFile(fileSpecification(document, name, content));
            page.setAnnotations(List.of(annotation));
            document.save(target.toFile());
        }
        return target;
    }

    private static PDComplexFileSpecification fileSpecification(PDDocument document, String name, byte[] content)
            throws IOException {
        // Flate, as real PDF writers store embedded files.
        PDEmbeddedFile file = new PDEmbeddedFile(document, new ByteArrayInputStream(content), COSName.FLATE_DECODE);
        file.setSubtype("text/xml");
        file.setSize(content.length);
        PDComplexFileSpecification specification = new PDComplexFileSpecification();
        specification.setFile(name);
        specification.setFileUnicode(name);
        specification.setEmbeddedFile(file);
        specification.setEmbeddedFileUnicode(file);
        return specification;
    }
}
