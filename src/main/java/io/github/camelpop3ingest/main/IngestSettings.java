package io.github.camelpop3ingest.main;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.github.camelpop3ingest.pop3.DeletePolicy;
import io.github.camelpop3ingest.pop3.PemTrustStore;

/**
 * The main job's settings as resolved by Camel's properties component, checked once at startup so that bad
 * configuration fails before the first poll and names the setting.
 */
public final class IngestSettings {

    private final Map<IngestSetting, String> values = new EnumMap<>(IngestSetting.class);

    private IngestSettings() {
    }

    /** Reads every setting through {@code lookup} (Camel's properties component), falling back to its default. */
    public static IngestSettings resolve(Function<String, Optional<String>> lookup) {
        IngestSettings s = new IngestSettings();
        for (IngestSetting setting : IngestSetting.values()) {
            s.values.put(setting, lookup.apply(setting.key()).map(String::trim).orElse(setting.defaultValue()));
        }
        return s;
    }

    public String get(IngestSetting setting) {
        return values.get(setting);
    }

    public boolean embedded() {
        return get(IngestSetting.POP3_HOST).isEmpty();
    }

    public boolean once() {
        return Boolean.parseBoolean(get(IngestSetting.ONCE));
    }

    /**
     * Fails with a {@link IllegalArgumentException} naming the first setting that is wrong: a mailbox without a user,
     * a port that is no number, an unreadable truststore, an unwritable archive or state directory, an unknown delete
     * policy.
     */
    public void validate() {
        if (!embedded()) {
            require(IngestSetting.POP3_USERNAME);
            require(IngestSetting.POP3_PASSWORD);
            try {
                int port = Integer.parseInt(get(IngestSetting.POP3_PORT));
                if (port < 1 || port > 65535) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(IngestSetting.POP3_PORT.label() + " '" + get(IngestSetting.POP3_PORT)
                        + "' is not a TCP port");
            }
            String truststore = get(IngestSetting.POP3_TRUSTSTORE);
            if (!truststore.isEmpty()) {
                PemTrustStore.socketFactory(Path.of(truststore), IngestSetting.POP3_TRUSTSTORE.label());
            }
        } else if (!get(IngestSetting.POP3_USERNAME).isEmpty()) {
            throw new IllegalArgumentException(IngestSetting.POP3_HOST.label() + " is missing but "
                    + IngestSetting.POP3_USERNAME.label() + " is set: name the POP3 server too");
        }
        DeletePolicy.parse(get(IngestSetting.DELETE), IngestSetting.DELETE.label());
        writableDirectory(IngestSetting.ARCHIVE_DIR);
        writableDirectory(IngestSetting.STATE_DIR);
        try {
            Long.parseLong(get(IngestSetting.POLL_DELAY));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(IngestSetting.POLL_DELAY.label() + " '" + get(IngestSetting.POLL_DELAY)
                    + "' is not a number of milliseconds");
        }
    }

    private void require(IngestSetting setting) {
        if (get(setting).isEmpty()) {
            throw new IllegalArgumentException(setting.label() + " is required when " + IngestSetting.POP3_HOST.label()
                    + " is set");
        }
    }

    private void writableDirectory(IngestSetting setting) {
        String value = get(setting);
        if (value.isEmpty()) {
            throw new IllegalArgumentException(setting.label() + " is empty: name a writable directory");
        }
        Path dir = Path.of(value);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalArgumentException(setting.label() + " " + dir + " cannot be created: " + e.getMessage());
        }
        if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw new IllegalArgumentException(setting.label() + " " + dir + " is not a writable directory");
        }
        // isWritable trusts permission bits, which root ignores; a real write tells the truth.
        try {
            Path probe = Files.createTempFile(dir, ".write-probe-", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new IllegalArgumentException(setting.label() + " " + dir + " is not writable: " + e.getMessage());
        }
    }
}
