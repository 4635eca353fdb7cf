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
    private static final List<String> KNOWN = List.of(JMS, HTTP);

    /** Parses a comma-separated list; an unknown name fails naming the setting and what is accepted. */
    public static Sinks parse(String value) {
        Set<String> names = new LinkedHashSet<>();
        for (String part : value.split(",")) {
            String name = part.trim().toLowerCase(Locale.ROOT);
            if (name.isEmpty() || name.equals("archive")) {
                continue;
            }
            if (!KNOWN.contains(name)) {
                throw new IllegalArgumentException(IngestSetting.SINKS.label() + " names an unknown sink '" + part.trim()
                        + "': use a comma-separated list of " + String.join(", ", KNOWN)
                        + " (the archive is always written)");
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
}
