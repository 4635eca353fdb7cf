package io.github.camelpop3ingest.main;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.camelpop3ingest.testing.MainJob;
import io.github.camelpop3ingest.testing.RecordingPop3Server;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's replay command: messages an endpoint refused wait in quarantine (exit 1), {@code replay} delivers them
 * once it is fixed (exit 0), and the next drain deletes them from the server.
 */
class MainJobReplayIT {

    @RegisterExtension
    final RecordingPop3Server server = new RecordingPop3Server();

    @TempDir
    Path work;

    @RegisterExtension
    final WireMockExtension http = WireMockExtension.newInstance()
            .options(WireMockConfiguration.options().dynamicPort()).build();

    @BeforeEach
    void stubHttp() {
        http.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(400).withBody("bad request")));
    }

    private int run(MainJob job, String name) throws Exception {
        Process p = job.start(name);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }

    @Test
    void replayCommandDeliversTheQuarantine() throws Exception {
        server.deliverText(3);
        MainJob job = MainJob.forServer(server, work)
                .env("INGEST_SINKS", "http")
                .env("INGEST_HTTP_URL", http.baseUrl() + "/inbox")
                .env("INGEST_DELETE", "after-processing")
                .env("INGEST_QUARANTINE_DIR", work.resolve("quarantine").toString());

        assertThat(run(job, "refused")).isEqualTo(1);
        assertThat(job.lastLine("refused")).matches(".* delivered=0 quarantined=3 retried=0 elapsed=\\d+\\.\\d{3}");
        assertThat(server.messagesOnServer()).isEqualTo(3);

        http.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200)));
        Process replay = job.args("replay").start("replay");
        assertThat(replay.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(replay.exitValue()).as(job.stderr("replay")).isZero();
        assertThat(job.lastLine("replay")).isEqualTo("replayed=3 failed=0");
        assertThat(server.messagesOnServer()).isEqualTo(3);

        assertThat(run(job.args(), "after")).isZero();
        assertThat(job.lastLine("after")).startsWith("fetched=0 skipped=3 ");
        assertThat(server.messagesOnServer()).isZero();
    }
}
