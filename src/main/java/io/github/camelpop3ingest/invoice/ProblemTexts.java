package io.github.camelpop3ingest.invoice;

/** Formats the parts of a container problem text: hostile names and exception messages shortened to one line. */
final class ProblemTexts {

    private static final int MAX_LENGTH = 120;

    private ProblemTexts() {}

    /** A ZIP entry name can be 64 KB of control characters; a problem list must stay readable. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < MAX_LENGTH; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        return out.length() < text.length() ? out.append("...").toString() : out.toString();
    }

    static String cause(Throwable error) {
        String message = error.getMessage();
        String simpleName = error.getClass().getSimpleName();
        return message == null || message.isBlank() ? simpleName : simpleName + ": " + quote(message);
    }
}
