package io.github.camelpop3ingest.main;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.ServiceLoader;

/**
 * The mailbox the main job reads when none is configured; the runnable jar brings one (the demo's embedded
 * mailbox, found through {@link ServiceLoader}), the library jar none, so that it ships no demo code or key.
 */
public interface DemoMailbox extends AutoCloseable {

    String host();

    int port();

    String username();

    String password();

    /** The PEM certificate the client must trust to talk to this server. */
    Path certificate();

    @Override
    void close();

    /** Starts a demo mailbox whose working files go to {@code workDir}; registered in META-INF/services. */
    interface Starter {
        DemoMailbox start(Path workDir);
    }

    /**
     * Starts the demo mailbox on the classpath.
     *
     * @throws IllegalArgumentException when there is none: the library jar alone cannot run without a mailbox
     */
    static DemoMailbox start(Path workDir) {
        Iterator<Starter> starters = ServiceLoader.load(Starter.class, DemoMailbox.class.getClassLoader()).iterator();
        if (!starters.hasNext()) {
            throw new IllegalArgumentException("No mailbox is configured (set " + IngestSetting.POP3_HOST.key()
                    + " or INGEST_POP3_HOST) and no demo mailbox is on the classpath: the embedded demo mailbox ships "
                    + "in the runnable jar camel-pop3-ingest.jar and in the demo artifact (classifier demo), not in "
                    + "the library jar");
        }
        return starters.next().start(workDir);
    }
}
