package io.github.camelpop3ingest.examples.springboot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * An existing Camel Spring Boot application that reads a POP3S mailbox through the camel-pop3-ingest library: the
 * route and the archive bean are in {@code src/main/resources/camel/}, nothing else is wired in Java.
 */
@SpringBootApplication
public class IngestExampleApplication {

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(IngestExampleApplication.class);
        // Only when run by hand: the tests bring their own server.
        app.addListeners(new DemoMailbox());
        app.run(args);
    }
}
