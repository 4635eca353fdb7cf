package io.github.camelpop3ingest.sink;

import java.net.ServerSocket;
import java.nio.file.Path;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** 2xx succeeds; 408, 429, 5xx and network failures are retryable; other statuses are permanent. */
class HttpSinkStatusClassificationTest {

    private static final String SECRET = "Bearer do-not-leak";

    @RegisterExtension
    static WireMockExtension receiver = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort())
            .build();

    @TempDir
    Path archiveDir;

    private CamelContext context;
    private HttpSink sink;
    private ArchivedMessage message;

    @BeforeEach
    void setUp() throws Exception {
        context = new DefaultCamelContext();
        context.start();
        message = ArchivedMessage.writeSmall(archiveDir, "UID-1");
    }

    @AfterEach
    void tearDown() {
        if (sink != null) {
            sink.stop();
        }
        context.stop();
    }

    private void startSink(String url, int readTimeoutMillis) {
        sink = new HttpSink();
        sink.setCamelContext(context);
        sink.setUrl(url);
        sink.setAuthorization(SECRET);
        sink.setReadTimeoutMillis(readTimeoutMillis);
        sink.setConnectTimeoutMillis(2000);
        sink.start();
    }

    private Exchange answering(int status, String body) {
        receiver.stubFor(post(urlPathEqualTo("/in")).willReturn(aResponse().withStatus(status).withBody(body)));
        startSink(receiver.baseUrl() + "/in?token=query-secret", 5000);
        return message.exchange(context);
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 201, 204})
    void twoHundredsSucceed(int status) throws Exception {
        Exchange exchange = answering(status, "");

        sink.process(exchange);

        assertThat(exchange.getIn().getBody()).isEqualTo(message.envelope());
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 429, 500, 503})
    void overloadAndServerErrorsAreRetryable(int status) {
        Exchange exchange = answering(status, "try later");

        assertThatThrownBy(() -> sink.process(exchange)).isInstanceOf(RetryableDeliveryException.class)
                .hasMessageContaining("HTTP " + status).hasMessageNotContaining("query-secret")
                .hasMessageNotContaining("do-not-leak");
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 404, 422})
    void otherClientErrorsArePermanentAndQuoteTheBody(int status) {
        String body = "invalid invoice: " + "x".repeat(300) + " echo " + SECRET;
        Exchange exchange = answering(status, body);

        assertThatThrownBy(() -> sink.process(exchange)).isInstanceOf(PermanentDeliveryException.class)
                .hasMessageContaining("HTTP " + status).hasMessageContaining(body.substring(0, 200))
                .hasMessageNotContaining(body.substring(0, 201)).hasMessageNotContaining("query-secret")
                .hasMessageNotContaining("do-not-leak");
    }

    @Test
    void aRefusedConnectionIsRetryable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        startSink("http://localhost:" + closedPort + "/in", 5000);

        assertThatThrownBy(() -> sink.process(message.exchange(context)))
                .isInstanceOf(RetryableDeliveryException.class).hasMessageContaining("connection refused");
    }

    @Test
    void aReadTimeoutIsRetryable() {
        receiver.stubFor(post(urlPathEqualTo("/slow")).willReturn(aResponse().withStatus(200).withFixedDelay(3000)));
        startSink(receiver.baseUrl() + "/slow", 300);

        assertThatThrownBy(() -> sink.process(message.exchange(context)))
                .isInstanceOf(RetryableDeliveryException.class).hasMessageContaining("timed out");
    }
}
