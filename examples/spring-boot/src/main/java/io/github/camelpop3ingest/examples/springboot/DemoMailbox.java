package io.github.camelpop3ingest.examples.springboot;

import java.nio.file.Path;
import java.util.Map;

import io.github.camelpop3ingest.demo.EmbeddedMailbox;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts the embedded demo mailbox of the library's demo artifact (POP3S on loopback with four sample mails) when no
 * {@code ingest.pop3.host} is configured, and points the route at it; a real deployment sets the host and needs
 * neither this class nor GreenMail.
 */
final class DemoMailbox implements ApplicationListener<ApplicationEvent> {

    static final String HOST_PROPERTY = "ingest.pop3.host";

    private EmbeddedMailbox mailbox;

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
            start(prepared.getEnvironment());
        } else if (event instanceof ContextClosedEvent && mailbox != null) {
            mailbox.close();
            mailbox = null;
        }
    }

    private void start(ConfigurableEnvironment environment) {
        String host = environment.getProperty(HOST_PROPERTY, "");
        if (!host.isBlank()) {
            return;
        }
        mailbox = EmbeddedMailbox.start(Path.of(environment.getRequiredProperty("ingest.state.dir")));
        // First among the sources: with no host set, the other mailbox settings cannot be meant for this server.
        environment.getPropertySources().addFirst(new MapPropertySource("demoMailbox", Map.of(
                HOST_PROPERTY, mailbox.host(),
                "ingest.pop3.port", mailbox.port(),
                "ingest.pop3.username", mailbox.username(),
                "ingest.pop3.password", mailbox.password(),
                "ingest.pop3.truststore", mailbox.certificate().toString())));
    }
}
