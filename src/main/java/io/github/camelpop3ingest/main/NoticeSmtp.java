package io.github.camelpop3ingest.main;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;

import javax.net.ssl.SSLSocketFactory;

import io.github.camelpop3ingest.pop3.PemTrustStore;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.component.mail.MailConfiguration;
import org.apache.camel.component.mail.MailEndpoint;

/**
 * The SMTP side of rejection notices ({@code ingest.smtp.*}): its checks at startup, and the camel-mail endpoint the
 * notices go through. The endpoint is configured here rather than by URI, so that the password never sits in an
 * endpoint URI, and with a mail session of our own: TLS 1.3/1.2 with the server's name checked (smtps, or starttls
 * that must succeed), or no TLS and then no login.
 */
final class NoticeSmtp {

    static final String SMTPS = "smtps";
    static final String STARTTLS = "starttls";
    static final String PLAIN = "plain";
    private static final int TIMEOUT_MILLIS = 30_000;

    private NoticeSmtp() {
    }

    static void validate(IngestSettings settings) {
        String from = settings.get(IngestSetting.NOTICE_FROM);
        if (from.isBlank()) {
            throw new IllegalArgumentException(IngestSetting.NOTICE_FROM.label() + " is empty but "
                    + IngestSetting.NOTICE.label() + " is true: name the address notices come from");
        }
        try {
            new InternetAddress(from, true).validate();
        } catch (AddressException e) {
            throw new IllegalArgumentException(IngestSetting.NOTICE_FROM.label() + " '" + from
                    + "' is not a mail address: " + e.getMessage());
        }
        if (settings.get(IngestSetting.SMTP_HOST).isBlank()) {
            throw new IllegalArgumentException(IngestSetting.SMTP_HOST.label() + " is empty but "
                    + IngestSetting.NOTICE.label() + " is true: name the SMTP server that sends the notices");
        }
        port(settings);
        String security = security(settings);
        if (security.equals(PLAIN) && !settings.get(IngestSetting.SMTP_USERNAME).isEmpty()) {
            throw new IllegalArgumentException(IngestSetting.SMTP_SECURITY.label() + " is plain but "
                    + IngestSetting.SMTP_USERNAME.label() + " is set: the password would travel in clear; use smtps "
                    + "or starttls, or a relay that needs no login");
        }
        String truststore = settings.get(IngestSetting.SMTP_TRUSTSTORE);
        if (!truststore.isEmpty()) {
            PemTrustStore.socketFactory(Path.of(truststore), IngestSetting.SMTP_TRUSTSTORE.label());
        }
    }

    private static int port(IngestSettings settings) {
        String value = settings.get(IngestSetting.SMTP_PORT);
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(IngestSetting.SMTP_PORT.label() + " '" + value + "' is not a TCP port");
        }
    }

    private static String security(IngestSettings settings) {
        String security = settings.get(IngestSetting.SMTP_SECURITY).trim().toLowerCase(Locale.ROOT);
        if (!security.equals(SMTPS) && !security.equals(STARTTLS) && !security.equals(PLAIN)) {
            throw new IllegalArgumentException(IngestSetting.SMTP_SECURITY.label() + " '"
                    + settings.get(IngestSetting.SMTP_SECURITY) + "' must be smtps, starttls or plain");
        }
        return security;
    }

    /** The camel-mail producer endpoint for notices, from settings that {@link #validate} accepted. */
    static Endpoint endpoint(CamelContext context, IngestSettings settings) {
        String security = security(settings);
        String protocol = security.equals(SMTPS) ? "smtps" : "smtp";
        String host = settings.get(IngestSetting.SMTP_HOST).trim();
        int port = port(settings);
        String username = settings.get(IngestSetting.SMTP_USERNAME);
        Properties props = new Properties();
        String p = "mail." + protocol + ".";
        props.put(p + "host", host);
        props.put(p + "port", String.valueOf(port));
        props.put(p + "connectiontimeout", String.valueOf(TIMEOUT_MILLIS));
        props.put(p + "timeout", String.valueOf(TIMEOUT_MILLIS));
        props.put(p + "writetimeout", String.valueOf(TIMEOUT_MILLIS));
        props.put(p + "auth", String.valueOf(!username.isEmpty()));
        props.put("mail.transport.protocol", protocol);
        if (!security.equals(PLAIN)) {
            String truststore = settings.get(IngestSetting.SMTP_TRUSTSTORE);
            SSLSocketFactory sockets = truststore.isEmpty() ? (SSLSocketFactory) SSLSocketFactory.getDefault()
                    : PemTrustStore.socketFactory(Path.of(truststore), IngestSetting.SMTP_TRUSTSTORE.label());
            props.put(p + "ssl.socketFactory", sockets);
            props.put(p + "ssl.checkserveridentity", "true");
            props.put(p + "ssl.protocols", "TLSv1.3 TLSv1.2");
            if (security.equals(STARTTLS)) {
                props.put(p + "starttls.enable", "true");
                props.put(p + "starttls.required", "true");
            }
        }
        MailEndpoint endpoint = context.getEndpoint(protocol + "://" + host + ":" + port, MailEndpoint.class);
        MailConfiguration configuration = endpoint.getConfiguration();
        configuration.setSession(Session.getInstance(props));
        if (!username.isEmpty()) {
            configuration.setUsername(username);
            configuration.setPassword(settings.get(IngestSetting.SMTP_PASSWORD));
        }
        return endpoint;
    }
}
