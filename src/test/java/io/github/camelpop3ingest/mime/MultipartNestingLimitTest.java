package io.github.camelpop3ingest.mime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import io.github.camelpop3ingest.testing.HostileMails;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A multipart nested tens of thousands of levels deep is split down to the limit and the rest kept as one part
 * with a problem, instead of overflowing the stack in the boundary streams; real nesting is split as before.
 */
class MultipartNestingLimitTest {

    @TempDir
    Path folder;

    @Test
    void fiftyThousandLevelsEndInOneOpaquePartWithAProblem() throws Exception {
        Path eml = Files.write(folder.resolve("deep.eml"), HostileMails.nestedMultiparts(50_000, "deep"));
        MessageDescription envelope = new MimeSplitter().split(eml, folder, new MessageSource("acct", "u1", Instant.now()));

        assertThat(envelope.size()).isEqualTo(Files.size(eml));
        assertThat(envelope.parts()).hasSize(1);
        EnvelopePart opaque = envelope.parts().get(0);
        assertThat(opaque.contentType()).isEqualTo("multipart/mixed");
        assertThat(Files.readString(folder.resolve(opaque.path()))).contains("the bottom");
        assertThat(envelope.problems()).anySatisfy(p -> assertThat(p)
                .contains("multipart nested deeper than " + MimeSplitter.DEFAULT_MAX_DEPTH + " levels"));
    }

    @Test
    void nestingUpToTheLimitIsSplitAsBefore() throws Exception {
        Path eml = Files.write(folder.resolve("nested.eml"), HostileMails.nestedMultiparts(99, "nested"));
        MessageDescription envelope = new MimeSplitter().split(eml, folder, new MessageSource("acct", "u1", Instant.now()));

        assertThat(envelope.parts()).singleElement().satisfies(p -> assertThat(p.contentType()).isEqualTo("text/plain"));
        assertThat(envelope.problems()).isEmpty();
    }

    @Test
    void theLimitIsASetting() throws Exception {
        Path eml = Files.write(folder.resolve("nested.eml"), HostileMails.nestedMultiparts(5, "nested"));
        MimeSplitter splitter = new MimeSplitter();
        splitter.setMaxDepth(3);
        MessageDescription envelope = splitter.split(eml, folder, new MessageSource("acct", "u1", Instant.now()));

        assertThat(envelope.parts()).singleElement().satisfies(p -> assertThat(p.contentType()).isEqualTo("multipart/mixed"));
        assertThat(envelope.problems()).singleElement().asString().contains("deeper than 3 levels");
    }

    @Test
    void anUnsplitDescriptionReadsTheHeadersAndHashesEveryByte() throws Exception {
        byte[] mail = HostileMails.nestedMultiparts(50_000, "unsplit");
        Path eml = Files.write(folder.resolve("deep.eml"), mail);
        MimeSplitter splitter = new MimeSplitter();
        splitter.setMaxDepth(1_000_000);
        MessageDescription envelope = splitter.describeUnsplit(eml, new MessageSource("acct", "u1", Instant.now()), "why");

        assertThat(envelope.subject()).isEqualTo("unsplit");
        assertThat(envelope.parts()).isEmpty();
        assertThat(envelope.problems()).containsExactly("why");
        assertThat(envelope.size()).isEqualTo(mail.length);
        assertThat(envelope.sha256()).isEqualTo(java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(mail)));
        assertThat(folder.resolve(MimeSplitter.PARTS_DIR)).doesNotExist();
    }
}
