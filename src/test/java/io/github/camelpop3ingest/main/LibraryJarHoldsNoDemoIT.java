package io.github.camelpop3ingest.main;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The library jar, what users drop into a Camel deployment, holds the component and no demo: no embedded mailbox,
 * no stand-in webhook, no sample mail and no TLS key; the runnable jar and the demo jar carry them.
 */
class LibraryJarHoldsNoDemoIT {

    private static final String COMPONENT_METADATA = "META-INF/io/github/camelpop3ingest/pop3/pop3-ingest.json";
    private static final List<String> DEMO = List.of(
            "io/github/camelpop3ingest/demo/EmbeddedMailbox.class",
            "io/github/camelpop3ingest/demo/DemoWebhook.class",
            "META-INF/services/io.github.camelpop3ingest.main.DemoMailbox$Starter",
            "embedded-mailbox/localhost.p12",
            "embedded-mailbox/localhost.pem",
            "embedded-mailbox/samples/01-invoice-ubl.eml",
            "embedded-mailbox/samples/02-invoice-pdf.eml",
            "embedded-mailbox/samples/03-forwarded.eml",
            "embedded-mailbox/samples/04-hello.eml");

    @Test
    void libraryJarHasTheComponentAndNoDemo() throws IOException {
        List<String> names = entries(jar("ingest.library.jar"));
        assertThat(names).contains(COMPONENT_METADATA, "io/github/camelpop3ingest/main/IngestMain.class",
                "io/github/camelpop3ingest/main/DemoMailbox.class");
        assertThat(names).as("demo code in the library jar")
                .noneMatch(n -> n.startsWith("io/github/camelpop3ingest/demo/"));
        assertThat(names).as("demo resources in the library jar").noneMatch(n -> n.startsWith("embedded-mailbox/"));
        assertThat(names).as("keys, certificates or sample mails in the library jar")
                .noneMatch(n -> n.endsWith(".p12") || n.endsWith(".pem") || n.endsWith(".eml"));
        assertThat(names).doesNotContainAnyElementsOf(DEMO);
    }

    @Test
    void runnableJarCarriesTheDemo() throws IOException {
        List<String> names = entries(jar("ingest.jar"));
        assertThat(names).contains(COMPONENT_METADATA).containsAll(DEMO);
    }

    @Test
    void demoJarCarriesTheDemoOnly() throws IOException {
        List<String> names = entries(jar("ingest.demo.jar"));
        assertThat(names).containsAll(DEMO);
        assertThat(names).as("library classes in the demo jar")
                .noneMatch(n -> n.endsWith(".class") && !n.startsWith("io/github/camelpop3ingest/demo/"));
    }

    private static List<String> entries(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream().map(ZipEntry::getName).toList();
        }
    }

    private static Path jar(String property) {
        String path = System.getProperty(property);
        if (path == null || path.isBlank()) {
            fail("System property " + property + " is missing: run this test through failsafe (mvn verify), which "
                    + "sets it");
        }
        Path jar = Path.of(path);
        if (!Files.isRegularFile(jar)) {
            fail(jar + " is missing: run this test with mvn verify, which packages it first");
        }
        return jar;
    }
}
