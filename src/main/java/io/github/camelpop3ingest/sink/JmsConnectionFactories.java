package io.github.camelpop3ingest.sink;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

import jakarta.jms.ConnectionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * Creates the JMS connection factory for an external ActiveMQ Artemis broker (core protocol) from its URL, the
 * counterpart of {@link EmbeddedBroker#connectionFactory()}.
 */
public final class JmsConnectionFactories {

    /** The setting that holds the broker URL, as error messages name it. */
    public static final String URL_SETTING = "ingest.jms.url (INGEST_JMS_URL)";

    /** Credentials may ride in the URL ({@code ?password=...} or {@code user:pass@}); messages never show them. */
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)(password=)[^&]*");
    private static final Pattern SCHEME = Pattern.compile("(?i)(tcp|vm)://");
    private static final Pattern USER_INFO = Pattern.compile("//[^/@()]*@");

    private JmsConnectionFactories() {
    }

    /**
     * A factory for {@code brokerUrl}, e.g. {@code tcp://broker:61616} or {@code (tcp://a:61616,tcp://b:61616)?ha=true}.
     * Artemis' defaults keep the sink's guarantee: durable sends block until the broker has persisted them, and a
     * broken connection makes the send fail so that Camel's redelivery sends again.
     *
     * @throws IllegalArgumentException naming {@value #URL_SETTING} when the URL is blank or malformed
     */
    public static ConnectionFactory forUrl(String brokerUrl) {
        if (brokerUrl == null || brokerUrl.isBlank()) {
            throw new IllegalArgumentException(URL_SETTING + " is empty; give a broker URL such as tcp://broker:61616");
        }
        String url = brokerUrl.strip();
        if (!url.startsWith("(") && !SCHEME.matcher(url).lookingAt()) {
            throw malformed(url, "it does not start with tcp:// or vm:// (ActiveMQ Artemis core protocol)");
        }
        if (!url.startsWith("(")) {
            checkHostAndPort(url);
        }
        ActiveMQConnectionFactory factory;
        try {
            factory = new ActiveMQConnectionFactory(url);
        } catch (RuntimeException e) {
            throw malformed(url, redact(String.valueOf(e.getMessage())));
        }
        if (!factory.isBlockOnDurableSend()) {
            factory.close();
            throw malformed(url, "blockOnDurableSend=false would let a send return before the broker has the message");
        }
        return factory;
    }

    /** Artemis reads an unparseable port as its default, so a typo would silently connect elsewhere. */
    private static void checkHostAndPort(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw malformed(url, redact(e.getMessage()));
        }
        if (uri.getScheme().equalsIgnoreCase("vm")) {
            return;
        }
        if (uri.getHost() == null || (uri.getPort() == -1 && uri.getRawAuthority().contains(":"))) {
            throw malformed(url, "it needs host and port, e.g. tcp://broker:61616");
        }
    }

    private static IllegalArgumentException malformed(String url, String why) {
        return new IllegalArgumentException(URL_SETTING + " '" + redact(url) + "' is not a valid broker URL: " + why);
    }

    /** The URL (or a message quoting it) without passwords, for logs and error messages. */
    public static String redact(String text) {
        String withoutParameter = PASSWORD_PARAMETER.matcher(text).replaceAll("$1***");
        return USER_INFO.matcher(withoutParameter).replaceAll("//***@");
    }
}
