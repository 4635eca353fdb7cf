package io.github.camelpop3ingest.mime;

import java.util.Locale;
import java.util.Map;

/** The value of a structured MIME header (e.g. {@code attachment}) and its decoded parameters, keys in lower case. */
record HeaderParameters(String value, Map<String, String> parameters) {

    static final HeaderParameters ABSENT = new HeaderParameters(null, Map.of());

    String get(String name) {
        String v = parameters.get(name.toLowerCase(Locale.ROOT));
        return v == null || v.isBlank() ? null : v;
    }
}
