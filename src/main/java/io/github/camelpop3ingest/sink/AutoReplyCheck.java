package io.github.camelpop3ingest.sink;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import io.github.camelpop3ingest.mime.MessageHeaders;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/**
 * Decides from a message's header whether an automatic answer may go to it and to whom (RFC 3834 section 2): never
 * to an automatic message, a mailing list, a bulk mailing, a mail system, a delivery report or one of our own
 * notices; always to the Return-Path address, or to the first From address when the message has no Return-Path.
 */
final class AutoReplyCheck {

    /** The header we put on our notices, so that one that comes back is recognized as ours. */
    static final String NOTICE_MARK_HEADER = "X-Pop3-Ingest-Notice";

    private static final Set<String> BULK_PRECEDENCE = Set.of("bulk", "list", "junk");
    private static final Set<String> SYSTEM_LOCAL_PARTS = Set.of("mailer-daemon", "postmaster");

    private AutoReplyCheck() {
    }

    /** Either the address to answer or, when {@code recipient} is null, why no answer may be sent. */
    record Verdict(String recipient, String skipReason) {

        static Verdict answer(String recipient) {
            return new Verdict(recipient, null);
        }

        static Verdict skip(String reason) {
            return new Verdict(null, reason);
        }

        boolean answers() {
            return recipient != null;
        }
    }

    /** The verdict for a message with {@code headers}, when our notices come from {@code ourAddress}. */
    static Verdict check(MessageHeaders headers, String ourAddress) {
        Optional<String> autoSubmitted = headers.first("Auto-Submitted");
        if (autoSubmitted.isPresent() && !token(autoSubmitted.get()).equals("no")) {
            return Verdict.skip("Auto-Submitted: " + autoSubmitted.get());
        }
        if (headers.has(NOTICE_MARK_HEADER)) {
            return Verdict.skip("our own notice (" + NOTICE_MARK_HEADER + ")");
        }
        for (String list : List.of("List-Id", "List-Post")) {
            if (headers.has(list)) {
                return Verdict.skip("mailing list (" + list + ")");
            }
        }
        Optional<String> precedence = headers.first("Precedence");
        if (precedence.isPresent() && BULK_PRECEDENCE.contains(token(precedence.get()))) {
            return Verdict.skip("Precedence: " + precedence.get());
        }
        if (headers.mediaType().filter("multipart/report"::equals).isPresent()) {
            return Verdict.skip("delivery report (Content-Type: multipart/report)");
        }
        String recipient;
        Optional<String> returnPath = headers.first("Return-Path");
        if (returnPath.isPresent()) {
            recipient = pathAddress(returnPath.get());
            if (recipient.isEmpty()) {
                return Verdict.skip("Return-Path: <> (null sender)");
            }
        } else {
            List<String> from = headers.addresses("From");
            if (from.isEmpty()) {
                return Verdict.skip("no Return-Path and no From address to answer");
            }
            recipient = from.get(0);
        }
        String source = returnPath.isPresent() ? "Return-Path" : "From";
        if (isSystemAddress(recipient)) {
            return Verdict.skip(source + ": <" + recipient + "> is a mail system or list address");
        }
        if (!isUsable(recipient)) {
            return Verdict.skip(source + ": <" + recipient + "> is not an address that mail can be sent to");
        }
        if (recipient.equalsIgnoreCase(ourAddress)) {
            return Verdict.skip("the sender is our own address <" + ourAddress + ">");
        }
        return Verdict.answer(recipient);
    }

    /** The first word of a field value, lower-case: {@code auto-generated} of {@code auto-generated (by cron)}. */
    private static String token(String value) {
        String text = value.strip();
        int end = 0;
        while (end < text.length() && text.charAt(end) != ';' && text.charAt(end) != '('
                && !Character.isWhitespace(text.charAt(end))) {
            end++;
        }
        return text.substring(0, end).toLowerCase(Locale.ROOT);
    }

    /** The address in a Return-Path ({@code <a@b>}, rarely without brackets); empty for the null path {@code <>}. */
    private static String pathAddress(String value) {
        String text = value.strip();
        int open = text.indexOf('<');
        if (open >= 0) {
            int close = text.indexOf('>', open);
            text = close < 0 ? text.substring(open + 1) : text.substring(open + 1, close);
        }
        // A source route (<@relay:a@b>, RFC 5321 4.1.2) ends at the colon.
        int colon = text.lastIndexOf(':');
        if (text.startsWith("@") && colon >= 0) {
            text = text.substring(colon + 1);
        }
        return text.strip();
    }

    private static boolean isSystemAddress(String address) {
        int at = address.lastIndexOf('@');
        String local = (at < 0 ? address : address.substring(0, at)).toLowerCase(Locale.ROOT);
        if (local.length() >= 2 && local.startsWith("\"") && local.endsWith("\"")) {
            local = local.substring(1, local.length() - 1);
        }
        return SYSTEM_LOCAL_PARTS.contains(local) || local.startsWith("owner-") || local.endsWith("-request");
    }

    private static boolean isUsable(String address) {
        if (address.indexOf('@') <= 0) {
            return false;
        }
        try {
            new InternetAddress(address, true).validate();
            return true;
        } catch (AddressException e) {
            return false;
        }
    }
}
