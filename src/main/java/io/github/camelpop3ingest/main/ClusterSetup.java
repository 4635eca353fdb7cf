package io.github.camelpop3ingest.main;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.github.camelpop3ingest.invoice.InvoiceDuplicates;
import io.github.camelpop3ingest.pop3.Pop3Account;
import io.github.camelpop3ingest.repository.JdbcDatabase;
import io.github.camelpop3ingest.repository.JdbcFirstSeenStore;
import io.github.camelpop3ingest.repository.JdbcIdempotentRepository;
import io.github.camelpop3ingest.repository.JdbcRefreshTokenStore;
import io.github.camelpop3ingest.repository.RefreshTokenStore;
import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster mode of the main job ({@code ingest.cluster.service} set): a Camel cluster service elects one instance per
 * mailbox, each intake route consumes through {@code master:<namespace>:} with one namespace per mailbox, and the
 * state beans (processed keys, holds, invoice duplicates, rotated refresh tokens) live in the PostgreSQL database the
 * instances share, so
 * that the instance taking over a mailbox neither processes a message again nor loses one.
 */
final class ClusterSetup {

    static final String FILE_PREFIX = "file:";
    static final String KUBERNETES = "kubernetes";
    static final String KUBERNETES_SERVICE_CLASS = "org.apache.camel.component.kubernetes.cluster.KubernetesClusterService";
    /** camel-master's scheme. */
    static final String MASTER = "master:";

    private static final Logger LOG = LoggerFactory.getLogger(ClusterSetup.class);
    private static final int NAMESPACE_SLUG_MAX = 40;

    private final IngestSettings settings;
    private volatile CamelClusterService service;
    /** One connection for the refresh tokens of all mailboxes, opened on first use: they change about once an hour. */
    private JdbcDatabase tokenDatabase;

    private ClusterSetup(IngestSettings settings) {
        this.settings = settings;
    }

    /** The cluster mode of these settings, or null when {@code ingest.cluster.service} is empty. */
    static ClusterSetup of(IngestSettings settings) {
        return settings.get(IngestSetting.CLUSTER_SERVICE).isEmpty() ? null : new ClusterSetup(settings);
    }

    /** Checks the cluster settings without connecting anywhere; fails naming the setting. */
    static void validate(IngestSettings settings) {
        String service = settings.get(IngestSetting.CLUSTER_SERVICE);
        if (service.isEmpty()) {
            return;
        }
        if (service.startsWith(FILE_PREFIX)) {
            if (service.substring(FILE_PREFIX.length()).isBlank()) {
                throw new IllegalArgumentException(IngestSetting.CLUSTER_SERVICE.label()
                        + " is file: without a directory: name the folder all instances share, e.g. file:/srv/ingest/cluster");
            }
        } else if (!KUBERNETES.equals(service)) {
            throw new IllegalArgumentException(IngestSetting.CLUSTER_SERVICE.label() + " '" + service
                    + "' is none of file:<dir> and kubernetes");
        }
        if (settings.number(IngestSetting.CLUSTER_LOCK_INTERVAL) < 1) {
            throw new IllegalArgumentException(IngestSetting.CLUSTER_LOCK_INTERVAL.label() + " must be 1 or more");
        }
        if (settings.embedded()) {
            throw new IllegalArgumentException(IngestSetting.CLUSTER_SERVICE.label() + " is set, but no mailbox is: "
                    + "set " + IngestSetting.POP3_HOST.label() + " or " + IngestSetting.MAILBOXES_FILE.label()
                    + " (the embedded demo mailbox is each instance's own)");
        }
        String url = settings.get(IngestSetting.CLUSTER_DB_URL);
        if (url.isEmpty()) {
            throw new IllegalArgumentException(IngestSetting.CLUSTER_DB_URL.label() + " is required when "
                    + IngestSetting.CLUSTER_SERVICE.label() + " is set: the instances share their state in PostgreSQL");
        }
        try {
            JdbcDatabase.postgres(url, null, null);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(IngestSetting.CLUSTER_DB_URL.label() + " " + e.getMessage());
        }
    }

    /**
     * Binds the state beans on the shared database, creating their tables if missing, and adds the cluster service
     * to the context.
     *
     * @throws IllegalArgumentException naming the setting when the database cannot be used or the cluster service
     *                                  cannot be made
     */
    void bind(CamelContext context) {
        JdbcIdempotentRepository uidl = new JdbcIdempotentRepository(database(), JdbcIdempotentRepository.UIDL);
        JdbcIdempotentRepository hold = new JdbcIdempotentRepository(database(), JdbcIdempotentRepository.HOLD);
        InvoiceDuplicates invoices = new InvoiceDuplicates(new JdbcFirstSeenStore(database(), JdbcFirstSeenStore.INVOICES));
        try {
            // Now rather than at the first poll: a database that cannot be used is a configuration error.
            uidl.start();
            hold.start();
            invoices.start();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(IngestSetting.CLUSTER_DB_URL.label() + " cannot be used: "
                    + e.getMessage());
        }
        StateSetup.bind(context, uidl, hold, invoices);
        if (!settings.multiMailbox()) {
            context.getRegistry().bind(StateSetup.REFRESH_TOKEN_STORE, refreshTokenStore(settings.account()));
        }
        service = clusterService();
        try {
            context.addService(service, true, true);
        } catch (Exception e) {
            throw new IllegalArgumentException(IngestSetting.CLUSTER_SERVICE.label() + " cannot be started: "
                    + e.getMessage());
        }
        LOG.info("Cluster mode: {} elects one instance per mailbox; state in {}",
                settings.get(IngestSetting.CLUSTER_SERVICE), uidl.getDatabase().description());
    }

    /** Whether this instance leads the mailbox now, i.e. its route consumes it; false in standby or before binding. */
    boolean leads(Pop3Account account) {
        CamelClusterService current = service;
        return current != null && current.isLeader(namespace(account));
    }

    /**
     * How long an election takes to settle, for once mode: the lock service's first attempt comes after one lock
     * interval and a dead holder's lock is taken after about five; an instance that leads no mailbox by then ends.
     */
    Duration settleTime() {
        return Duration.ofMillis(6 * settings.number(IngestSetting.CLUSTER_LOCK_INTERVAL));
    }

    /**
     * Where a mailbox's rotated refresh token is kept: its row of the shared database's table, so that the instance
     * that takes the mailbox over uses the newest one.
     */
    synchronized RefreshTokenStore refreshTokenStore(Pop3Account account) {
        if (tokenDatabase == null) {
            tokenDatabase = database();
        }
        return new JdbcRefreshTokenStore(tokenDatabase, account.toString());
    }

    /** The consumer URI of a mailbox's route: {@code master:<namespace>:<uri>}. */
    String consumerUri(Pop3Account account, String uri) {
        return consumerPrefix(account) + uri;
    }

    /** What a mailbox's consumer URI starts with: {@code master:<namespace>:}. */
    String consumerPrefix(Pop3Account account) {
        return MASTER + namespace(account) + ":";
    }

    /**
     * The cluster namespace of a mailbox, the same on every instance: {@code pop3-}, the account in lower-case
     * letters, digits and dashes, and a hash of the whole account, e.g. {@code pop3-alice-mail-example-com-995-1a2b3c4d}.
     * It names a lock file or a Kubernetes Lease, so it keeps to what both accept.
     */
    static String namespace(Pop3Account account) {
        String text = account.toString();
        String slug = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > NAMESPACE_SLUG_MAX) {
            slug = slug.substring(0, NAMESPACE_SLUG_MAX).replaceAll("-+$", "");
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "pop3-" + slug + "-" + HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    private JdbcDatabase database() {
        return JdbcDatabase.postgres(settings.get(IngestSetting.CLUSTER_DB_URL), settings.get(IngestSetting.CLUSTER_DB_USER),
                settings.get(IngestSetting.CLUSTER_DB_PASSWORD));
    }

    private CamelClusterService clusterService() {
        String service = settings.get(IngestSetting.CLUSTER_SERVICE);
        if (service.startsWith(FILE_PREFIX)) {
            Path root = Path.of(service.substring(FILE_PREFIX.length()));
            try {
                Files.createDirectories(root);
            } catch (IOException e) {
                throw new IllegalArgumentException(IngestSetting.CLUSTER_SERVICE.label() + " " + root
                        + " cannot be created: " + e.getMessage());
            }
            if (!Files.isWritable(root)) {
                throw new IllegalArgumentException(IngestSetting.CLUSTER_SERVICE.label() + " " + root
                        + " is not writable");
            }
            FileLockClusterService files = new FileLockClusterService();
            files.setRoot(root.toString());
            long interval = settings.number(IngestSetting.CLUSTER_LOCK_INTERVAL);
            files.setAcquireLockInterval(interval);
            files.setAcquireLockIntervalUnit(TimeUnit.MILLISECONDS);
            files.setAcquireLockDelay(interval);
            files.setAcquireLockDelayUnit(TimeUnit.MILLISECONDS);
            return files;
        }
        try {
            // Only in a jar built with -Pkubernetes: the Kubernetes client is large and most users never need it.
            return (CamelClusterService) Class.forName(KUBERNETES_SERVICE_CLASS).getConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException(IngestSetting.CLUSTER_SERVICE.label() + " is kubernetes, but this jar "
                    + "lacks camel-kubernetes: build it with mvn -Pkubernetes package");
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(IngestSetting.CLUSTER_SERVICE.label() + " is kubernetes, but "
                    + KUBERNETES_SERVICE_CLASS + " cannot be made: " + e);
        }
    }
}
