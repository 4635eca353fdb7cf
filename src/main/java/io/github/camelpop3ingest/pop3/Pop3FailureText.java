package io.github.camelpop3ingest.pop3;

/** Turns failures into the one-line texts the consumer's log lines and the failure counts carry. */
final class Pop3FailureText {

    private Pop3FailureText() {
    }

    /** A failure's message with each cause that adds to it, for a line someone has to read. */
    static String describe(Exception e) {
        StringBuilder sb = new StringBuilder(oneLine(e.getMessage()));
        Throwable cause = e.getCause();
        while (cause != null && cause != cause.getCause()) {
            String message = oneLine(cause.getMessage());
            // JSSE repeats its cause's message; once is enough for a line someone has to read.
            if (!sb.toString().contains(message)) {
                sb.append(" (").append(cause.getClass().getSimpleName()).append(": ").append(message).append(')');
            }
            cause = cause.getCause();
        }
        return sb.toString();
    }

    /**
     * The failure's own words and its root cause's, in one line: a wrapper such as Camel's "Exception occurred during
     * execution on the exchange" says nothing on its own.
     */
    static String rootCause(Throwable failure) {
        if (failure == null) {
            return "unknown failure";
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String rootText = root.getClass().getSimpleName() + (root.getMessage() == null ? ""
                : ": " + oneLine(root.getMessage()));
        String own = oneLine(failure.getMessage());
        return root == failure || own.contains(rootText) ? (root == failure ? rootText : own) : own + " (" + rootText + ")";
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("[\\r\\n]+", " ").trim();
    }
}
