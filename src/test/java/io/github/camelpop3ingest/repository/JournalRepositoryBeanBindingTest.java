package io.github.camelpop3ingest.repository;

import java.nio.file.Path;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PropertyBindingSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The repository can be declared as a bean whose state directory comes from a string property, as YAML does it. */
class JournalRepositoryBeanBindingTest {

    @TempDir
    Path tempDir;

    @Test
    void stateDirBindsFromAString() throws Exception {
        Path stateDir = tempDir.resolve("state");
        JournalIdempotentRepository repository = new JournalIdempotentRepository();
        CamelContext context = new DefaultCamelContext();
        try {
            boolean bound = PropertyBindingSupport.build()
                    .withCamelContext(context)
                    .withTarget(repository)
                    .withProperty("stateDir", stateDir.toString())
                    .bind();

            assertThat(bound).isTrue();
            assertThat(repository.getStateDir()).isEqualTo(stateDir);
            repository.start();
            repository.confirm("alice@mail.example.com:995#0000001a5f3c9e2b");
            repository.stop();
        } finally {
            context.stop();
        }
        assertThat(stateDir.resolve(JournalIdempotentRepository.JOURNAL_FILE_NAME)).isRegularFile();
    }
}
