package io.github.camelpop3ingest.demo;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.camelpop3ingest.archive.ArchiveNames;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stand-in ERP webhook for the examples: an HTTP server on loopback that accepts the HTTP sink's POSTs, keeps each
 * request body in a folder named after its Idempotency-Key, and answers 200, so that an example runs with one
 * command and no ERP at hand.
 */
public class DemoWebhook extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(DemoWebhook.class);

    private int port = 38080;
    private Path dir = Path.of("erp-received");
    private final AtomicInteger received = new AtomicInteger();
    private HttpServer server;

    @Override
    protected void doStart() throws Exception {
        Files.createDirectories(dir);
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new IllegalArgumentException("The demo webhook cannot listen on 127.0.0.1:" + port
                    + " (set demo.erp.port to a free port): " + e.getMessage(), e);
        }
        server.createContext("/", this::handle);
        server.start();
        LOG.info("Demo ERP webhook listening on http://localhost:{}/erp, keeping requests in {}", port, dir);
    }

    @Override
    protected void doStop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            String name = ArchiveNames.encode(key == null ? "no-key-" + received.get() : key) + ".multipart";
            Files.copy(body, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            received.incrementAndGet();
            LOG.info("Demo ERP received {}", key);
            exchange.sendResponseHeaders(200, -1);
        }
    }

    public void setPort(int port) {
        this.port = port;
    }

    public void setDir(String dir) {
        this.dir = Path.of(dir);
    }

    public int getReceived() {
        return received.get();
    }
}
