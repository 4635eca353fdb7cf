package io.github.camelpop3ingest.sink;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.camelpop3ingest.invoice.EnvelopeWriter;
import io.github.camelpop3ingest.sink.ArchivedMessage.PartFile;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/** One POST per message: the envelope part, one streamed file part per archived file, and the two headers. */
class HttpSinkMultipartTest {

    @RegisterExtension
    WireMockExtension receiver = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @TempDir
    Path archiveDir;

    private CamelContext context;
    private HttpSink sink;

    @BeforeEach
    void startSink() {
        receiver.stubFor(post(urlPathEqualTo("/messages")).willReturn(aResponse().withStatus(201)));
        context = new DefaultCamelContext();
        context.start();
        sink = new HttpSink();
        sink.setCamelContext(context);
        sink.setUrl(receiver.baseUrl() + "/messages?tenant=acme");
        sink.setAuthorization("Bearer s3cret-token");
        sink.start();
    }

    @AfterEach
    void stop() {
        sink.stop();
        context.stop();
    }

    @Test
    void envelopeAndEveryPartFileArriveWithIdempotencyKeyAndAuthorization() throws Exception {
        byte[] pdf = "%PDF-1.4 Rechnung".getBytes(StandardCharsets.UTF_8);
        ArchivedMessage message = ArchivedMessage.write(archiveDir, "UID-4711",
                new PartFile("part-1.1.txt", "text/plain", "UTF-8", "Guten Tag".getBytes(StandardCharsets.UTF_8)),
                new PartFile("Rechnung Müller 4711.pdf", "application/pdf", null, pdf));
        Exchange exchange = message.exchange(context);

        sink.process(exchange);

        assertThat(exchange.getIn().getBody()).isEqualTo(message.envelope());
        List<LoggedRequest> requests = receiver.findAll(postRequestedFor(urlPathEqualTo("/messages")));
        assertThat(requests).hasSize(1);
        LoggedRequest request = requests.get(0);
        assertThat(request.getUrl()).isEqualTo("/messages?tenant=acme");
        assertThat(request.getHeader("Idempotency-Key")).isEqualTo("invoices@pop.example:995#UID-4711");
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer s3cret-token");
        assertThat(request.getHeader("Content-Type")).startsWith("multipart/form-data");

        List<Request.Part> parts = List.copyOf(request.getParts());
        assertThat(parts).extracting(Request.Part::getName).containsExactly("envelope", "part", "part");
        Request.Part envelopePart = parts.get(0);
        assertThat(envelopePart.getHeader("Content-Type").firstValue()).startsWith("application/json");
        assertThat(envelopePart.getBody().asBytes()).isEqualTo(new EnvelopeWriter().toJson(message.envelope()));
        assertThat(parts.get(1).getFileName()).isEqualTo("part-1.1.txt");
        assertThat(parts.get(1).getHeader("Content-Type").firstValue()).isEqualTo("text/plain; charset=UTF-8");
        assertThat(parts.get(1).getBody().asString()).isEqualTo("Guten Tag");
        assertThat(parts.get(2).getFileName()).isEqualTo("Rechnung Müller 4711.pdf");
        assertThat(parts.get(2).getHeader("Content-Type").firstValue()).isEqualTo("application/pdf");
        assertThat(parts.get(2).getBody().asBytes()).isEqualTo(pdf);
    }

    @Test
    void aFiveMegabyteAttachmentArrivesIntact() throws Exception {
        byte[] big = new byte[5 * 1024 * 1024];
        new Random(4711).nextBytes(big);
        ArchivedMessage message = ArchivedMessage.write(archiveDir, "UID-big",
                new PartFile("scan.tiff", "image/tiff", null, big));

        sink.process(message.exchange(context));

        LoggedRequest request = receiver.getAllServeEvents().get(0).getRequest();
        Request.Part file = request.getParts().stream().filter(p -> "part".equals(p.getName())).findFirst()
                .orElseThrow();
        assertThat(file.getFileName()).isEqualTo("scan.tiff");
        assertThat(sha256(file.getBody().asBytes())).isEqualTo(sha256(big));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
