package io.github.camelpop3ingest.sink;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.camelpop3ingest.archive.ArchiveNames;
import io.github.camelpop3ingest.archive.ArchiveWriter;
import io.github.camelpop3ingest.archive.MessageStageException;
import io.github.camelpop3ingest.durable.DurableFiles;
import io.github.camelpop3ingest.exchange.IngestExchange;
import io.github.camelpop3ingest.invoice.EnvelopeWriter;
import org.apache.camel.Exchange;
import org.apache.camel.Handler;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a message goes when a sink refused it for good or ran out of attempts: its original bytes, its envelope and
 * the error, in {@code <quarantineDir>/<account>/<uidl>/}; its key is put on hold so that no delete policy removes it
 * from the server before a replay delivers it.
 */
public class QuarantineWriter extends ServiceSupport {

    /** The bean name under which the main job registers it. */
    public static final String BEAN_NAME = "quarantine";
    public static final String ERROR_FILE = "error.json";

    private static final Logger LOG = LoggerFactory.getLogger(QuarantineWriter.class);


    /** Made on first use: a start that archives nothing (a re-poll of a seen mailbox) does not initialise Jackson. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }
    private Path quarantineDir;
    private IdempotentRepository holdRepository;
    private AuditLog auditLog;
    private DeliveryOutcomes outcomes;

    @Override
    protected void doStart() throws Exception {
        if (quarantineDir == null) {
            throw new IllegalArgumentException("QuarantineWriter needs quarantineDir, the folder for refused messages");
        }
        Files.createDirectories(quarantineDir);
        // Both must work before the first message comes; who bound them stops them.
        ServiceHelper.startService(holdRepository, auditLog);
    }

    /**
     * Writes the exchange's message to quarantine, puts its key on hold, and marks the exchange so that the
     * consumer confirms the key (the mailbox moves on) without deleting the message.
     */
    @Handler
    public void quarantine(Exchange exchange) throws Exception {
        if (!isStarted()) {
            throw new IllegalStateException("quarantine is not started: start it with the Camel context (a route's "
                    + "bean step, initMethod: start on a YAML bean, or CamelContext.addService)");
        }
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String account = IngestExchange.account(exchange);
        String uidl = IngestExchange.uidl(exchange);
        String key = IngestExchange.key(exchange);
        Path archived = IngestExchange.archiveFolder(exchange);
        if (account == null || uidl == null || archived == null) {
            throw new IllegalStateException("Only an archived message can be quarantined; the exchange lacks "
                    + IngestExchange.ACCOUNT + ", " + IngestExchange.UIDL + " or " + IngestExchange.ARCHIVE_FOLDER);
        }
        Path target = quarantineDir.resolve(ArchiveNames.encode(account)).resolve(ArchiveNames.encode(uidl));
        // A message quarantined again on replay replaces its earlier quarantine folder.
        DurableFiles.replaceFolder(target, folder -> {
            Files.copy(archived.resolve(ArchiveWriter.MESSAGE_FILE), folder.resolve(ArchiveWriter.MESSAGE_FILE));
            Files.copy(archived.resolve(EnvelopeWriter.FILE_NAME), folder.resolve(EnvelopeWriter.FILE_NAME));
            Files.write(folder.resolve(ERROR_FILE), Json.MAPPER.writeValueAsBytes(error(exchange, cause, key, archived)));
        });
        if (holdRepository != null && key != null) {
            holdRepository.add(key);
            holdRepository.confirm(key);
        }
        IngestExchange.setQuarantined(exchange);
        String reason = reason(cause);
        LOG.warn("Quarantined {} of {} in {}: {}", uidl, account, target, reason);
        if (outcomes != null) {
            outcomes.sinkFailed(exchange);
            outcomes.quarantined();
        }
        if (auditLog != null) {
            auditLog.record(exchange, "quarantined", reason);
        }
    }

    /** The stage and root cause in one line: a sink's own words, or the archive's, or the root of a wrapper. */
    private static String reason(Exception cause) {
        if (cause == null) {
            return "unknown";
        }
        if (cause instanceof MessageStageException) {
            return cause.getMessage();
        }
        if (cause instanceof DeliveryException) {
            return "sink " + cause.getMessage();
        }
        return "sink failed: " + MessageStageException.rootCause(cause);
    }

    private static Map<String, Object> error(Exchange exchange, Exception cause, String key, Path archived) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("time", Instant.now().toString());
        error.put("key", key);
        error.put("archiveFolder", archived.toAbsolutePath().toString());
        error.put("sink", cause instanceof DeliveryException d ? d.sink() : null);
        error.put("permanent", cause instanceof PermanentDeliveryException);
        error.put("exception", cause == null ? null : cause.getClass().getName());
        error.put("message", cause == null ? null : cause.getMessage());
        error.put("attempts", 1 + exchange.getIn().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class));
        if (cause != null) {
            StringWriter trace = new StringWriter();
            cause.printStackTrace(new PrintWriter(trace));
            error.put("stackTrace", trace.toString());
        }
        return error;
    }

    /** The quarantined messages, one folder each, oldest first by name. */
    public List<Path> list() throws IOException {
        List<Path> folders = new ArrayList<>();
        if (quarantineDir == null || !Files.isDirectory(quarantineDir)) {
            return folders;
        }
        try (DirectoryStream<Path> accounts = Files.newDirectoryStream(quarantineDir, Files::isDirectory)) {
            for (Path account : accounts) {
                try (DirectoryStream<Path> messages = Files.newDirectoryStream(account,
                        p -> Files.isRegularFile(p.resolve(ERROR_FILE)))) {
                    messages.forEach(folders::add);
                }
            }
        }
        folders.sort(null);
        return folders;
    }

    /** Reads the error record of a quarantined message. */
    public Map<?, ?> errorOf(Path folder) throws IOException {
        return Json.MAPPER.readValue(Files.readString(folder.resolve(ERROR_FILE), StandardCharsets.UTF_8), Map.class);
    }

    /** Removes a replayed message from quarantine and releases its hold, so the delete policy applies again. */
    public void release(Path folder, String key) throws IOException {
        DurableFiles.deleteTree(folder);
        if (holdRepository != null && key != null) {
            holdRepository.remove(key);
        }
    }

    public void setQuarantineDir(String quarantineDir) {
        this.quarantineDir = Path.of(quarantineDir);
    }

    public Path getQuarantineDir() {
        return quarantineDir;
    }

    public void setHoldRepository(IdempotentRepository holdRepository) {
        this.holdRepository = holdRepository;
    }

    public void setAuditLog(AuditLog auditLog) {
        this.auditLog = auditLog;
    }

    public void setOutcomes(DeliveryOutcomes outcomes) {
        this.outcomes = outcomes;
    }
}
