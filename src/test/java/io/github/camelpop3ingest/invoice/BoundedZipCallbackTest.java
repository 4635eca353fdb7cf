package io.github.camelpop3ingest.invoice;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * BoundedZip hands each entry to the caller as soon as it is read, before it reads the next, so that an archive of
 * large entries is never in memory all at once.
 */
class BoundedZipCallbackTest {

    private static final int MB = 1024 * 1024;

    /** Entries of 1 MB, each just under an entry limit of 1 MB: the ZIP at a twentieth of its size. */
    private static final ContainerLimits ONE_MB_ENTRIES = new ContainerLimits(ContainerLimits.DEFAULT_MAX_PDF_BYTES,
            MB, ContainerLimits.DEFAULT_MAX_ENTRIES, ContainerLimits.DEFAULT_MAX_TOTAL_BYTES,
            ContainerLimits.DEFAULT_MAX_COMPRESSION_RATIO, ContainerLimits.DEFAULT_MAX_NESTING_DEPTH);

    private final List<String> problems = new ArrayList<>();

    @Test
    void eachEntryIsHandedBeforeTheNextIsRead() {
        byte[] zip = HostileInvoices.zipOfLargeInvoices(5, MB - 1024);
        CountingStream source = new CountingStream(zip);
        List<String> names = new ArrayList<>();
        List<Long> readWhenHanded = new ArrayList<>();

        BoundedZip.extract(source, "five.zip", ONE_MB_ENTRIES, problems, document -> {
            names.add(document.name());
            readWhenHanded.add(source.read);
        });

        assertThat(problems).isEmpty();
        assertThat(names).containsExactly("invoice-1.xml", "invoice-2.xml", "invoice-3.xml", "invoice-4.xml",
                "invoice-5.xml");
        // The five entries compress alike, so entry k ends near k fifths of the archive. Had the entries been
        // collected first, the whole archive would have been read when the first was handed.
        for (int k = 0; k < 5; k++) {
            assertThat(readWhenHanded.get(k)).as("bytes read when entry %d was handed", k + 1)
                    .isLessThan((long) (zip.length * (k + 1.5) / 5));
        }
        assertThat(readWhenHanded).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void failureOfTheCallerReachesTheCallerUnchanged() {
        byte[] zip = HostileInvoices.zipOfLargeInvoices(2, 1024);
        IllegalStateException failure = new IllegalStateException("consumer broke");

        assertThatThrownBy(() -> BoundedZip.extract(new ByteArrayInputStream(zip), "two.zip",
                ContainerLimits.defaults(), problems, document -> {
                    throw failure;
                })).isSameAs(failure);
        assertThat(problems).as("not mistaken for a broken archive").isEmpty();
    }

    /** Counts the bytes BoundedZip has taken from the archive so far. */
    private static final class CountingStream extends ByteArrayInputStream {

        private long read;

        CountingStream(byte[] bytes) {
            super(bytes);
        }

        @Override
        public synchronized int read() {
            int b = super.read();
            read += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            int n = super.read(b, off, len);
            read += Math.max(0, n);
            return n;
        }

        @Override
        public synchronized long skip(long n) {
            long skipped = super.skip(n);
            read += skipped;
            return skipped;
        }
    }
}
