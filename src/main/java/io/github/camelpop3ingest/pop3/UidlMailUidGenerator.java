package io.github.camelpop3ingest.pop3;

import java.util.Map;
import java.util.WeakHashMap;

import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.UIDFolder;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.component.mail.MailConfiguration;
import org.apache.camel.component.mail.MailEndpoint;
import org.apache.camel.component.mail.MailUidGenerator;
import org.eclipse.angus.mail.pop3.POP3Folder;

/**
 * A camel-mail {@link MailUidGenerator} that keys POP3 messages on account plus UIDL, fetching every UIDL of a session
 * with one command instead of one TOP (Message-ID) per message.
 * <p>
 * Use it with {@code pop3s:} endpoints as {@code mailUidGenerator=#uidlMailUidGenerator} together with
 * {@code idempotentRepository} and {@code idempotentRepositoryRemoveOnCommit=false}.
 */
public class UidlMailUidGenerator implements MailUidGenerator {

    /** The bean name under which the main job registers it. */
    public static final String BEAN_NAME = "uidlMailUidGenerator";

    // Keyed on the first message object of a session: a reopened folder hands out new message objects.
    private final Map<Message, Boolean> sessionsWithUids = new WeakHashMap<>();

    @Override
    public String generateUuid(MailEndpoint endpoint, Message message) {
        Folder folder = message.getFolder();
        if (!(folder instanceof POP3Folder pop3)) {
            throw new IllegalArgumentException("uidlMailUidGenerator only serves pop3 and pop3s endpoints, not "
                    + endpoint.getConfiguration().getProtocol());
        }
        try {
            prefetch(pop3);
            String uid = pop3.getUID(message);
            if (uid == null) {
                throw new Pop3ServerException("POP3 server " + endpoint.getConfiguration().getHost() + ":"
                        + endpoint.getConfiguration().getPort() + " does not support UIDL; use camel-mail's default "
                        + "mailUidGenerator (Message-ID) with this server");
            }
            return account(endpoint.getConfiguration()).key(uid).toString();
        } catch (MessagingException e) {
            throw new RuntimeCamelException("Reading the UIDL of message " + message.getMessageNumber() + " failed", e);
        }
    }

    private synchronized void prefetch(POP3Folder folder) throws MessagingException {
        Message first = folder.getMessage(1);
        if (sessionsWithUids.containsKey(first)) {
            return;
        }
        FetchProfile uids = new FetchProfile();
        uids.add(UIDFolder.FetchProfileItem.UID);
        folder.fetch(folder.getMessages(), uids);
        sessionsWithUids.put(first, Boolean.TRUE);
    }

    static Pop3Account account(MailConfiguration config) {
        return new Pop3Account(config.getHost(), config.getPort(), config.getUsername());
    }
}
