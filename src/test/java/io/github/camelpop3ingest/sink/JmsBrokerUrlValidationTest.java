package io.github.camelpop3ingest.sink;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A malformed broker URL fails with a message that names the setting and never shows a password. */
class JmsBrokerUrlValidationTest {

    @Test
    void malformedUrlsNameTheSetting() {
        for (String url : new String[] {"", "broker:61616", "tcp://broker:notaport", "tcp://bro ker:61616",
                "tcp://broker:61616?blockOnDurableSend=false"}) {
            assertThatThrownBy(() -> JmsConnectionFactories.forUrl(url))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("ingest.jms.url (INGEST_JMS_URL)");
        }
    }

    @Test
    void passwordsInTheUrlAreNotShown() {
        assertThatThrownBy(() -> JmsConnectionFactories.forUrl("tcp://broker:x?user=ingest&password=s3cret"))
                .hasMessageContaining("password=***").hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> JmsConnectionFactories.forUrl("tcp://ingest:s3cret@broker:x"))
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void validUrlsGiveAnArtemisFactoryThatBlocksOnDurableSends() {
        assertThat(JmsConnectionFactories.forUrl("tcp://broker:61616")).isInstanceOfSatisfying(
                ActiveMQConnectionFactory.class, f -> assertThat(f.isBlockOnDurableSend()).isTrue());
        assertThat(JmsConnectionFactories.forUrl("(tcp://a:61616,tcp://b:61616)?ha=true")).isNotNull();
    }
}
