package io.github.camelpop3ingest.archive;

import java.io.IOException;

/**
 * A message that failed on its way into the archive, named by account and UIDL, the stage that failed (split,
 * invoice, archive) and the root cause, so that one log line says what happened and to which message.
 */
public class MessageStageException extends IOException {

    /** The stages of a message's way into the archive; processing stands for a failure repeated in any stage. */
    public enum Stage {
        SPLIT("split"), INVOICE("invoice"), ARCHIVE("archive"), PROCESSING("processing");

        private final String label;

        Stage(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private final Stage stage;

    public MessageStageException(Stage stage, String account, String uidl, String what, Throwable cause) {
        super(stage + " of " + uidl + " of " + account + " failed: " + what, cause);
        this.stage = stage;
    }

    public Stage stage() {
        return stage;
    }

    /**
     * The root cause of a failure in one line, {@code SimpleName: message}, with each wrapper's own words when they
     * add to it: "CamelExecutionException: Exception occurred during execution" alone never tells what failed.
     */
    public static String rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": "
                + message.replaceAll("[\\r\\n]+", " ").strip());
    }
}
