package io.github.camelpop3ingest.main;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.github.camelpop3ingest.pop3.Pop3Security;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MailboxListTest {

    @TempDir
    Path tmp;

    private final Map<String, String> env = Map.of("INVOICES_PW", "s3cret-Invoices", "SALES_PW", "s3cret-Sales");

    private List<MailboxList.Mailbox> read(String... lines) throws Exception {
        Path file = tmp.resolve("mailboxes.properties");
        Files.write(file, List.of(lines));
        return MailboxList.read(file, env::get, "keep");
    }

    @Test
    void readsEveryMailboxWithItsSecretResolvedAndDefaults() throws Exception {
        Path secret = tmp.resolve("sales.secret");
        Files.writeString(secret, "s3cret-from-file\n");
        List<MailboxList.Mailbox> boxes = read("# two mailboxes",
                "invoices.host = pop.example.com", "invoices.username = invoices@example.com",
                "invoices.secret = env:INVOICES_PW", "invoices.delete = after-days:30",
                "", "sales.host = mail.example.org", "sales.port = 110", "sales.security = stls",
                "sales.username = sales", "sales.secret = file:" + secret, "sales.route = direct:sales");
        assertThat(boxes).hasSize(2);
        assertThat(boxes.get(0)).extracting(MailboxList.Mailbox::id, MailboxList.Mailbox::port,
                MailboxList.Mailbox::secret, MailboxList.Mailbox::delete, MailboxList.Mailbox::route)
                .containsExactly("invoices", 995, "s3cret-Invoices", "after-days:30", MailboxList.DEFAULT_ROUTE);
        assertThat(boxes.get(1)).extracting(MailboxList.Mailbox::security, MailboxList.Mailbox::secret,
                MailboxList.Mailbox::delete, MailboxList.Mailbox::route)
                .containsExactly(Pop3Security.STLS, "s3cret-from-file", "keep", "direct:sales");
        assertThat(boxes.get(1).toString()).doesNotContain("s3cret");
    }

    @Test
    void aMissingSecretNamesTheEntryAndTheReferenceButNoValue() {
        assertThatThrownBy(() -> read("a.host = h", "a.username = u", "a.secret = env:NOT_SET"))
                .hasMessageContaining("mailbox a secret env:NOT_SET: the environment variable is not set");
        assertThatThrownBy(() -> read("a.host = h", "a.username = u"))
                .hasMessageContaining("mailbox a has no secret");
        assertThatThrownBy(() -> read("a.host = h", "a.username = u", "a.secret = file:" + tmp.resolve("nope")))
                .hasMessageContaining("mailbox a secret file:");
    }

    @Test
    void aPasswordWrittenIntoTheListIsRefusedWithoutRepeatingIt() {
        assertThatThrownBy(() -> read("a.host = h", "a.username = u", "a.secret = hunter2"))
                .hasMessageContaining("mailbox a secret must be a reference")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void duplicatesAndUnknownKeysAreRefusedNamingTheEntry() {
        assertThatThrownBy(() -> read("a.host = h", "a.username = u", "a.secret = env:SALES_PW",
                "b.host = H", "b.username = u", "b.secret = env:SALES_PW"))
                .hasMessageContaining("mailboxes a and b are the same maildrop u@h:995");
        assertThatThrownBy(() -> read("a.host = h", "a.host = g"))
                .hasMessageContaining("line 2: mailbox a sets host twice");
        assertThatThrownBy(() -> read("a.hots = h"))
                .hasMessageContaining("line 1: mailbox a has an unknown key 'hots'");
        assertThatThrownBy(() -> read("a.host = h", "a.username = u", "a.secret = env:SALES_PW", "a.security = tls"))
                .hasMessageContaining("mailbox a security 'tls' is not one of pop3s, stls, plain");
        assertThatThrownBy(() -> read("# nothing")).hasMessageContaining("lists no mailbox");
    }

    @Test
    void plainPop3NeedsAllowPlaintextAsInTheSingleMailboxSettings() throws Exception {
        assertThatThrownBy(() -> read("a.host = h", "a.username = u", "a.secret = env:SALES_PW", "a.security = plain"))
                .hasMessageContaining("mailbox a security is plain")
                .hasMessageContaining("allow-plaintext is not true");
        assertThatThrownBy(() -> read("a.host = h", "a.username = u", "a.secret = env:SALES_PW", "a.security = plain",
                "a.allow-plaintext = yes")).hasMessageContaining("mailbox a allow-plaintext 'yes' must be true or false");
        assertThatThrownBy(() -> read("a.host = h", "a.username = u", "a.secret = env:SALES_PW", "a.security = plain",
                "a.allow-plaintext = true", "a.pin = sha256:" + "ab".repeat(32)))
                .hasMessageContaining("mailbox a pin needs TLS, but security is plain");
        assertThatThrownBy(() -> read("a.host = h", "a.username = u", "a.secret = env:SALES_PW", "a.uidl-fallback = uid"))
                .hasMessageContaining("mailbox a uidl-fallback 'uid' is not one of none, message-id");
        assertThat(read("a.host = h", "a.username = u", "a.secret = env:SALES_PW", "a.security = plain",
                "a.allow-plaintext = true").get(0))
                .extracting(MailboxList.Mailbox::security, MailboxList.Mailbox::allowPlaintext, MailboxList.Mailbox::port)
                .containsExactly(Pop3Security.PLAIN, true, 110);
    }
}
