package io.github.camelpop3ingest.sink;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A missing or non-HTTP URL stops the sink at start with a message naming the setting and not the URL's secrets. */
class HttpSinkUrlValidationTest {

    private CamelContext context;

    @BeforeEach
    void startContext() {
        context = new DefaultCamelContext();
        context.start();
    }

    @AfterEach
    void stopContext() {
        context.stop();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "receiver.example/in", "ftp://receiver.example/in", "file:///tmp/in",
        "http:///in", "https://user:pa ss-secret@receiver.example/in", "mailto:user@receiver.example"})
    void aBadUrlFailsAtStartNamingTheSetting(String url) {
        HttpSink sink = new HttpSink();
        sink.setCamelContext(context);
        sink.setUrl(url);

        assertThatThrownBy(sink::start).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ingest.http.url (INGEST_HTTP_URL)").hasMessageNotContaining("secret");
    }

    @Test
    void anUnsetUrlFailsAtStartNamingTheSetting() {
        HttpSink sink = new HttpSink();
        sink.setCamelContext(context);

        assertThatThrownBy(sink::start).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ingest.http.url (INGEST_HTTP_URL)").hasMessageContaining("required");
    }
}
