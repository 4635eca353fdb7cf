package io.github.camelpop3ingest.repository;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Child process of {@link JournalRepositoryKillNineTest}: confirms and removes keys until it is killed, printing
 * {@code C key} only after {@code confirm} returned and {@code R key} only after {@code remove} returned.
 *
 * <p>Every confirmed key is paired with a scratch key that is confirmed and removed again, so the journal fills with
 * tombstones and compaction runs, and can be killed, during the test too.
 */
public final class JournalRepositoryKillNineChild {

    private JournalRepositoryKillNineChild() {
    }

    public static void main(String[] args) {
        Path stateDir = Path.of(args[0]);
        String prefix = args[1];
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        JournalIdempotentRepository repository = new JournalIdempotentRepository(stateDir);
        repository.start();
        for (long i = 0; ; i++) {
            String key = prefix + "@mail.example.com:995#" + String.format("%016x", i);
            if (repository.add(key)) {
                repository.confirm(key);
                out.println("C " + key);
            }
            String scratch = prefix + "-scratch@mail.example.com:995#" + i;
            repository.confirm(scratch);
            repository.remove(scratch);
            out.println("R " + scratch);
        }
    }
}
