package io.github.camelpop3ingest.pop3;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A spool file holds a whole message until it is archived as {@code message.eml} (renamed, so with the same
 * permissions): only its owner may read it, every message gets a file of its own, and a start removes the files a
 * crash left, of this mailbox only.
 */
class SpoolFilesAreOwnerOnlyTest {

    @TempDir
    Path spool;

    @Test
    void eachMessageGetsItsOwnOwnerOnlyFileAndAStartRemovesOnlyThisMailboxsFiles() throws Exception {
        Pop3Spool alice = new Pop3Spool(spool, new Pop3Account("localhost", 995, "alice"));
        Set<Path> files = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            Pop3Spool.NewFile file = alice.create();
            try (OutputStream out = file.out()) {
                out.write(("message " + i).getBytes());
            }
            files.add(file.path());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path()))).isEqualTo("rw-------");
            assertThat(Files.readString(file.path())).isEqualTo("message " + i);
        }
        assertThat(files).hasSize(50);

        // Another instance of the same mailbox (the next run) never reuses a name, even when the old files are there.
        Pop3Spool.NewFile next = new Pop3Spool(spool, new Pop3Account("localhost", 995, "alice")).create();
        next.out().close();
        assertThat(files).doesNotContain(next.path());

        Pop3Spool.NewFile bobs = new Pop3Spool(spool, new Pop3Account("localhost", 995, "bob")).create();
        bobs.out().close();
        alice.clean();
        assertThat(spool).isDirectoryNotContaining(p -> files.contains(p) || p.equals(next.path()));
        assertThat(bobs.path()).exists();
    }
}
