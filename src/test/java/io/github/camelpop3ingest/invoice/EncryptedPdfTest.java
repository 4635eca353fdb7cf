package io.github.camelpop3ingest.invoice;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** A PDF locked with a user password yields a problem; one with only an owner password still yields its XML. */
class EncryptedPdfTest {

    private static final byte[] XML = "<?xml version=\"1.0\"?><Invoice/>".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path folder;

    @Test
    void userPasswordYieldsAProblemNamingTheFile() throws Exception {
        Path pdf = TestPdfs.withEmbeddedFile(folder.resolve("locked.pdf"), "factur-x.xml", XML, "user-secret");
        List<String> problems = new ArrayList<>();

        assertThat(PdfEmbeddedFiles.extract(pdf, ContainerLimits.defaults(), problems)).isEmpty();
        assertThat(problems).singleElement().asString()
                .startsWith("PDF encrypted, embedded files unreadable: locked.pdf (InvalidPasswordException");
    }

    @Test
    void ownerPasswordOnlyStillYieldsTheXml() throws Exception {
        Path pdf = TestPdfs.withEmbeddedFile(folder.resolve("restricted.pdf"), "factur-x.xml", XML, "");
        List<String> problems = new ArrayList<>();

        List<EmbeddedDocument> documents = PdfEmbeddedFiles.extract(pdf, ContainerLimits.defaults(), problems);

        assertThat(problems).isEmpty();
        assertThat(documents).singleElement().satisfies(document -> {
            assertThat(document.path()).isEqualTo("restricted.pdf#factur-x.xml");
            assertThat(document.content()).isEqualTo(XML);
        });
    }
}
