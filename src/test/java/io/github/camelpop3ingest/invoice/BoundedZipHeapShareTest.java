package io.github.camelpop3ingest.invoice;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On a small heap a ZIP entry is kept in memory only up to an eighth of the heap, below the configured entry limit;
 * a larger entry is skipped with a problem naming that bound and the entries after it are still read.
 */
class BoundedZipHeapShareTest {

    private static final int MB = 1024 * 1024;

    @Test
    void entryOverAnEighthOfTheHeapIsSkipped() throws IOException {
        byte[] zip = zip("big.xml", HostileInvoices.invoiceOfSize(1, MB + 1), "small.xml",
                HostileInvoices.invoiceOfSize(2, 2048));
        List<String> problems = new ArrayList<>();
        List<EmbeddedDocument> handed = new ArrayList<>();

        BoundedZip.extract(new ByteArrayInputStream(zip), "x.zip", ContainerLimits.defaults(), new HeapShare(8L * MB),
                problems, handed::add);

        assertThat(handed).extracting(EmbeddedDocument::name).containsExactly("small.xml");
        assertThat(problems).containsExactly(
                "entry too large for memory, skipped: x.zip!/big.xml (more than 1048576 bytes with this heap)");
    }

    @Test
    void entryOfExactlyTheShareIsKept() throws IOException {
        byte[] entry = HostileInvoices.invoiceOfSize(1, MB);
        List<String> problems = new ArrayList<>();
        List<EmbeddedDocument> handed = new ArrayList<>();

        BoundedZip.extract(new ByteArrayInputStream(zip("fits.xml", entry)), "x.zip", ContainerLimits.defaults(),
                new HeapShare(8L * MB), problems, handed::add);

        assertThat(problems).isEmpty();
        assertThat(handed).singleElement().satisfies(document -> assertThat(document.content()).isEqualTo(entry));
    }

    private static byte[] zip(Object... namesAndContents) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                out.putNextEntry(new ZipEntry((String) namesAndContents[i]));
                out.write((byte[]) namesAndContents[i + 1]);
            }
        }
        return bytes.toByteArray();
    }
}
