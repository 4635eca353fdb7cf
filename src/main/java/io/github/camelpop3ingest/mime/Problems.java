package io.github.camelpop3ingest.mime;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Collects the human-readable problems found while splitting one message, deduplicated and bounded. */
final class Problems {

    /** A hostile message can trigger one decoder warning per byte; the envelope must stay small. */
    static final int MAX_PROBLEMS = 100;

    private final List<String> problems = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();
    private int omitted;

    /** Shortens quoted input inside a problem text; a 135 KB header must not be repeated in the envelope. */
    static String abbreviate(String text) {
        String oneLine = text.replaceAll("[\\r\\n\\t]+", " ");
        return oneLine.length() <= 80 ? oneLine : oneLine.substring(0, 77) + "...";
    }

    void add(String problem) {
        if (!seen.add(problem)) {
            return;
        }
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(problem);
        } else {
            omitted++;
        }
    }

    List<String> toList() {
        List<String> result = new ArrayList<>(problems);
        if (omitted > 0) {
            result.add(omitted + " further problems omitted");
        }
        return List.copyOf(result);
    }
}
