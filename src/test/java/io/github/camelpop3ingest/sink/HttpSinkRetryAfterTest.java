package io.github.camelpop3ingest.sink;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

/** A 503 with Retry-After: 1 delays the redelivery by a second although the route's policy waits only 10 ms. */
class HttpSinkRetryAfterTest {

    @RegisterExtension
    WireMockExtension receiver = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @TempDir
    Path archiveDir;

    private CamelContext context;
    private HttpSink sink;

    @AfterEach
    void stop() {
        sink.stop();
        context.stop();
    }

    @Test
    void theRedeliveryWaitsForRetryAfter() throws Exception {
        receiver.stubFor(post(urlPathEqualTo("/in")).inScenario("busy").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "1")).willSetStateTo("ready"));
        receiver.stubFor(post(urlPathEqualTo("/in")).inScenario("busy").whenScenarioStateIs("ready")
                .willReturn(aResponse().withStatus(200)));
        ArchivedMessage message = ArchivedMessage.writeSmall(archiveDir, "UID-7");
        context = new DefaultCamelContext();
        sink = new HttpSink();
        sink.setCamelContext(context);
        sink.setUrl(receiver.baseUrl() + "/in");
        RetryAfterDelay retryAfterDelay = new RetryAfterDelay();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                onException(RetryableDeliveryException.class).maximumRedeliveries(3).redeliveryDelay(10)
                        .onRedelivery(retryAfterDelay);
                from("direct:deliver").routeId("deliver").process(sink);
            }
        });
        context.start();
        sink.start();

        Exchange done = context.createProducerTemplate().send("direct:deliver", message.exchange(context));

        assertThat(done.getException()).isNull();
        List<LoggedRequest> requests = receiver.getAllServeEvents().stream().map(e -> e.getRequest())
                .sorted(Comparator.comparing(LoggedRequest::getLoggedDate)).toList();
        assertThat(requests).hasSize(2);
        long gapMillis = requests.get(1).getLoggedDate().getTime() - requests.get(0).getLoggedDate().getTime();
        assertThat(gapMillis).isGreaterThanOrEqualTo(900);
    }
}
