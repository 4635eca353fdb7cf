package io.github.camelpop3ingest.main;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.github.camelpop3ingest.testing.MainJob;
import io.github.camelpop3ingest.testing.RecordingPop3Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cluster settings that cannot work stop the job with exit code 2 before it connects to the mailbox, naming the
 * setting and never the database password.
 */
class ClusterStartupChecksIT {

    private static final String DB_PASSWORD = "db-Secret-Hx81";

    @RegisterExtension
    final RecordingPop3Server server = new RecordingPop3Server();

    @TempDir
    Path work;

    private MainJob clusterJob() {
        return MainJob.forServer(server, work).env("INGEST_CLUSTER_SERVICE", "file:" + work.resolve("cluster"));
    }

    private int run(MainJob job, String name) throws Exception {
        Process p = job.start(name);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }

    @Test
    void aClusterServiceWithoutDatabaseIsNamed() throws Exception {
        MainJob job = clusterJob();
        assertThat(run(job, "no-db")).isEqualTo(IngestMain.EXIT_CONFIGURATION);
        assertThat(job.stderr("no-db")).contains("Configuration error: ingest.cluster.db.url (INGEST_CLUSTER_DB_URL) "
                + "is required when ingest.cluster.service (INGEST_CLUSTER_SERVICE) is set");
        assertThat(server.commands()).isEmpty();
    }

    @Test
    void anUnreachableDatabaseIsNamedWithoutItsPassword() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            closedPort = socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        MainJob job = clusterJob().env("INGEST_CLUSTER_DB_URL", "jdbc:postgresql://127.0.0.1:" + closedPort + "/ingest")
                .env("INGEST_CLUSTER_DB_USER", "ingest").env("INGEST_CLUSTER_DB_PASSWORD", DB_PASSWORD);
        assertThat(run(job, "unreachable")).isEqualTo(IngestMain.EXIT_CONFIGURATION);
        assertThat(job.stderr("unreachable")).contains("Configuration error: ingest.cluster.db.url (INGEST_CLUSTER_DB_URL)"
                + " cannot be used: Database jdbc:postgresql://127.0.0.1:" + closedPort + "/ingest as ingest failed")
                .doesNotContain(DB_PASSWORD);
        assertThat(server.commands()).isEmpty();
    }

    @Test
    void anUnknownClusterServiceIsNamed() throws Exception {
        MainJob job = clusterJob().env("INGEST_CLUSTER_SERVICE", "zookeeper:zk:2181")
                .env("INGEST_CLUSTER_DB_URL", "jdbc:postgresql://127.0.0.1:5432/ingest");
        assertThat(run(job, "unknown")).isEqualTo(IngestMain.EXIT_CONFIGURATION);
        assertThat(job.stderr("unknown")).contains("Configuration error: ingest.cluster.service (INGEST_CLUSTER_SERVICE)"
                + " 'zookeeper:zk:2181' is none of file:<dir> and kubernetes");
    }
}
