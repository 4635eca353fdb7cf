package io.github.camelpop3ingest.main;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The sinks the main job delivers to after the archive, parsed from {@code ingest.sinks}, in the order given.
 */
public record Sinks(Set<String> names) {

    public static final String JMS = "jms";
    public static final String HTTP = "http";
    public static final String FILE = "file";
    private static final List<String> KNOWN = List.of(JMS, HTTP);
    private static final List<String> KNOWN_REVIEW = List.of(FILE, JMS);

    /** Parses a comma-separated list; an unknown name fails naming the setting and what is accepted. */
    public static Sinks parse(String value) {
        return parse(value, IngestSetting.SINKS, KNOWN, " (the archive is always written)");
    }

    /** Parses the review sinks of {@link IngestSetting#REVIEW_SINKS}: {@code file}, {@code jms}. */
    public static Sinks parseReview(String value) {
        return parse(value, IngestSetting.REVIEW_SINKS, KNOWN_REVIEW, "");
    }

    private static Sinks parse(String value, IngestSetting setting, List<String> known, String hint) {
        Set<String> names = new LinkedHashSet<>();
        for (String part : value.split(",")) {
            String name = part.trim().toLowerCase(Locale.ROOT);
            if (name.isEmpty() || name.equals("archive")) {
                continue;
            }
            if (!known.contains(name)) {
                throw new IllegalArgumentException(setting.label() + " names an unknown sink '" + part.trim()
                        + "': use a comma-separated list of " + String.join(", ", known) + hint);
            }
            names.add(name);
        }
        return new Sinks(java.util.Collections.unmodifiableSet(names));
    }

    public boolean has(String name) {
        return names.contains(name);
    }

    /** The delivery route's recipient list: {@code direct:sink-jms,direct:sink-http}. */
    public String endpoints() {
        List<String> uris = new ArrayList<>();
        for (String name : names) {
            uris.add("direct:sink-" + name);
        }
        return String.join(",", uris);
    }

    /** The review branch's recipient list: {@code direct:review-file,direct:review-jms}. */
    public String reviewEndpoints() {
        List<String> uris = new ArrayList<>();
        for (String name : names) {
            uris.add("direct:review-" + name);
        }
        return String.join(",", uris);
    }
}
