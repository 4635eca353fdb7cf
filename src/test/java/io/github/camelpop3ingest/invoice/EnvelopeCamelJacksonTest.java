package io.github.camelpop3ingest.invoice;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.component.jackson.JacksonDataFormat;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An envelope in the exchange body marshals with Camel's own Jackson data format, as a YAML route's
 * {@code marshal: json} does, to the same JSON as envelope.json.
 */
class EnvelopeCamelJacksonTest {

    @Test
    void camelJacksonWritesTheSameJsonAsTheEnvelopeWriter() throws Exception {
        Envelope envelope = new Envelope(Envelope.SCHEMA_VERSION, "alice@localhost:995", "0001", "<a@b>",
                List.of("A <a@b>"), List.of(), List.of(), List.of(), "Subject",
                OffsetDateTime.parse("2026-11-03T14:02:00+01:00"), Instant.parse("2026-11-27T11:23:18.448Z"), 10,
                "00", List.of(), List.of());
        byte[] camel;
        try (DefaultCamelContext context = new DefaultCamelContext(); JacksonDataFormat json = new JacksonDataFormat()) {
            json.setCamelContext(context);
            json.start();
            var out = new java.io.ByteArrayOutputStream();
            json.marshal(new DefaultExchange(context), envelope, out);
            camel = out.toByteArray();
        }
        ObjectMapper reader = new ObjectMapper();
        assertThat(reader.readTree(camel)).isEqualTo(reader.readTree(new EnvelopeWriter().toJson(envelope)));
        assertThat(reader.readTree(camel).get("date").asText()).isEqualTo("2026-11-03T14:02:00+01:00");
    }
}
