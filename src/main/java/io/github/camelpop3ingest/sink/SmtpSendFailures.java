package io.github.camelpop3ingest.sink;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.Locale;

import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

/**
 * Tells, when an SMTP server does not take a rejection notice, a refusal for good from a failure worth retrying, and
 * words either in one line without the SMTP password.
 */
final class SmtpSendFailures {

    private final String smtpName;
    private final String sender;
    private final String password;

    /**
     * @param smtpName the server as logs name it, without credentials
     * @param sender   our sender address
     * @param password the SMTP password, kept out of every message; null when there is none
     */
    SmtpSendFailures(String smtpName, String sender, String password) {
        this.smtpName = smtpName;
        this.sender = sender;
        this.password = password;
    }

    /**
     * The server's reply when it refused the notice for good: a 5xx for the recipient, or for the message itself.
     * Null for anything worth retrying, including a 5xx for our own sender address, which is a setting to fix.
     */
    static String refusal(Exception failure) {
        if (cause(failure, SMTPSenderFailedException.class) != null) {
            return null;
        }
        SMTPAddressFailedException address = cause(failure, SMTPAddressFailedException.class);
        if (address != null && address.getReturnCode() >= 500) {
            return reply(address.getMessage());
        }
        SendFailedException send = cause(failure, SendFailedException.class);
        Address[] invalid = send == null ? null : send.getInvalidAddresses();
        if (invalid != null && invalid.length > 0) {
            return reply(address != null ? address.getMessage() : send.getMessage());
        }
        SMTPSendFailedException refused = cause(failure, SMTPSendFailedException.class);
        if (refused != null && refused.getReturnCode() >= 500 && !isMailFrom(refused.getCommand())) {
            return reply(refused.getMessage());
        }
        return null;
    }

    private static boolean isMailFrom(String command) {
        return command != null && command.toUpperCase(Locale.ROOT).startsWith("MAIL");
    }

    /** The failure to retry, in one line that says what failed and why, without the password. */
    RetryableDeliveryException retryable(Exception failure, String message, String recipient) {
        String what = "Rejection notice for message " + message + " to " + recipient + " through " + smtpName
                + " failed: ";
        String why;
        AuthenticationFailedException login = cause(failure, AuthenticationFailedException.class);
        SMTPSendFailedException smtp = cause(failure, SMTPSendFailedException.class);
        SMTPSenderFailedException senderRefused = cause(failure, SMTPSenderFailedException.class);
        if (login != null) {
            why = "login refused (" + reply(login.getMessage()) + ")";
        } else if (cause(failure, ConnectException.class) != null) {
            why = "connection refused";
        } else if (cause(failure, UnknownHostException.class) != null) {
            why = "unknown host";
        } else if (cause(failure, InterruptedIOException.class) != null) {
            // SocketTimeoutException is interrupted I/O, for the connection as for each answer.
            why = "timed out";
        } else if (senderRefused != null || smtp != null && isMailFrom(smtp.getCommand())) {
            why = "the server refused our sender address " + sender + " ("
                    + reply((senderRefused != null ? senderRefused : smtp).getMessage()) + "); check RejectionNotice.from";
        } else if (smtp != null) {
            why = "the server answered " + reply(smtp.getMessage());
        } else if (cause(failure, SendFailedException.class) != null) {
            SendFailedException send = cause(failure, SendFailedException.class);
            SMTPAddressFailedException address = cause(failure, SMTPAddressFailedException.class);
            why = "the server deferred the recipient (" + reply(address != null ? address.getMessage()
                    : send.getMessage()) + ")";
        } else if (cause(failure, MessagingException.class) != null || cause(failure, IOException.class) != null) {
            why = failure.getClass().getSimpleName() + ": " + reply(failure.getMessage());
        } else {
            why = failure.getClass().getSimpleName();
        }
        return new RetryableDeliveryException(RejectionNotice.SINK, scrub(what + why), null, failure);
    }

    private static String reply(String text) {
        return text == null ? "(no reply)" : RejectionNoticeMessage.oneLine(text, 300);
    }

    /** Servers do not echo a password, but a message must not carry it even if one did. */
    private String scrub(String text) {
        return password == null || password.isEmpty() ? text : text.replace(password, "***");
    }

    private static <T extends Throwable> T cause(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
