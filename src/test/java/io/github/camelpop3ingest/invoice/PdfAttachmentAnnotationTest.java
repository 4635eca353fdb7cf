package io.github.camelpop3ingest.invoice;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** A file attached to a page annotation, outside the EmbeddedFiles name tree, is found too. */
class PdfAttachmentAnnotationTest {

    @TempDir
    Path folder;

    @Test
    void annotationAttachmentIsFound() throws Exception {
        byte[] xml = "<Invoice/>".getBytes(StandardCharsets.UTF_8);
        Path pdf = TestPdfs.withAttachmentAnnotation(folder.resolve("annotated.pdf"), "xrechnung.xml", xml);
        List<String> problems = new ArrayList<>();

        List<EmbeddedDocument> documents = PdfEmbeddedFiles.extract(pdf, ContainerLimits.defaults(), problems);

        assertThat(problems).isEmpty();
        assertThat(documents).singleElement().satisfies(document -> {
            assertThat(document.path()).isEqualTo("annotated.pdf#xrechnung.xml");
            assertThat(document.content()).isEqualTo(xml);
        });
    }
}
