package io.github.camelpop3ingest.mime;

import java.util.function.Consumer;

/**
 * Checks that a message/delivery-status body is what RFC 3464 says it is: groups of header-style status fields.
 * Bounce rewriters sometimes put MIME headers and base64 there, which hides the per-recipient status.
 */
final class DeliveryStatusCheck implements BodyCheck {

    static final String CONTENT_TYPE = "message/delivery-status";

    /** Status fields are short; a longer line is judged by its start only, keeping memory constant. */
    private static final int MAX_LINE = 1000;

    private final Consumer<String> problems;
    private final StringBuilder line = new StringBuilder();
    private long lineNumber;
    private boolean reported;

    DeliveryStatusCheck(Consumer<String> problems) {
        this.problems = problems;
    }

    @Override
    public void update(byte[] b, int off, int len) {
        for (int i = off; i < off + len && !reported; i++) {
            char c = (char) (b[i] & 0xff);
            if (c == '\n') {
                endLine();
            } else if (c != '\r' && line.length() < MAX_LINE) {
                line.append(c);
            }
        }
    }

    @Override
    public void finish() {
        if (!reported && line.length() > 0) {
            endLine();
        }
    }

    private void endLine() {
        lineNumber++;
        String text = line.toString();
        line.setLength(0);
        if (text.isBlank() || text.charAt(0) == ' ' || text.charAt(0) == '\t') {
            return;
        }
        int colon = text.indexOf(':');
        if (colon <= 0 || !text.substring(0, colon).chars().allMatch(ch -> ch > ' ' && ch < 0x7f)) {
            reported = true;
            problems.accept("delivery-status line " + lineNumber + " is not a status field (RFC 3464): '"
                    + Problems.abbreviate(text) + "'");
        }
    }
}
