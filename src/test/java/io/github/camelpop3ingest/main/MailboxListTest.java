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

    private final Map<String, String> env = Map.of("INVOICES_PW", "s3cret-Invoices", "SALES_PW", "s3cret-Sales",
            "TENANT_SECRET", "s3cret-Tenant", "SALES_REFRESH", "r3fresh-Sales");

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

    @Test
    void oauth2MailboxesOfOneTenantShareItsSettingsThroughTheStarEntry() throws Exception {
        Path refresh = tmp.resolve("invoices.refresh");
        Files.writeString(refresh, "r3fresh-from-file\n");
        List<MailboxList.Mailbox> boxes = read(
                "# one Microsoft 365 tenant", "*.auth = xoauth2",
                "*.token-endpoint = https://login.microsoftonline.com/tenant/oauth2/v2.0/token",
                "*.client-id = ingest-app", "*.client-secret = env:TENANT_SECRET",
                "*.scope = https://outlook.office365.com/.default", "*.microsoft365 = true",
                "invoices.host = outlook.office365.com", "invoices.username = invoices@example.com",
                "invoices.refresh-token = file:" + refresh,
                "sales.host = outlook.office365.com", "sales.username = sales@example.com",
                "sales.client-id = sales-app", "sales.refresh-token = env:SALES_REFRESH",
                "legacy.host = pop.example.com", "legacy.username = legacy", "legacy.auth = user",
                "legacy.secret = env:INVOICES_PW");
        assertThat(boxes).hasSize(3);
        assertThat(boxes.get(0).oauth2()).isEqualTo(new MailboxList.OAuth2(
                "https://login.microsoftonline.com/tenant/oauth2/v2.0/token", "ingest-app", "s3cret-Tenant",
                "r3fresh-from-file", "https://outlook.office365.com/.default", true));
        assertThat(boxes.get(0).secret()).isNull();
        assertThat(boxes.get(1).oauth2()).extracting(MailboxList.OAuth2::clientId, MailboxList.OAuth2::refreshToken)
                .containsExactly("sales-app", "r3fresh-Sales");
        assertThat(boxes).extracting(MailboxList.Mailbox::toString)
                .noneMatch(t -> t.contains("s3cret") || t.contains("r3fresh"));
        assertThat(boxes.get(0).oauth2().toString()).doesNotContain("s3cret").doesNotContain("r3fresh");
        assertThat(boxes.get(2).oauth2()).isNull();
    }

    @Test
    void theStarEntryCannotNameAMaildrop() {
        assertThatThrownBy(() -> read("*.host = h", "a.username = u"))
                .hasMessageContaining("line 1: host names one maildrop; set it per mailbox, not for *");
    }

    @Test
    void badOAuth2EntriesNameTheEntryAndTheKeyButNoSecret() {
        String[] base = {"a.host = h", "a.username = u"};
        assertThatThrownBy(() -> read(base[0], base[1], "a.auth = kerberos"))
                .hasMessageContaining("mailbox a auth 'kerberos' is not one of user, plain, xoauth2, oauthbearer");
        assertThatThrownBy(() -> read(base[0], base[1], "a.auth = xoauth2", "a.client-id = c",
                "a.client-secret = env:TENANT_SECRET"))
                .hasMessageContaining("mailbox a has no token-endpoint");
        assertThatThrownBy(() -> read(base[0], base[1], "a.auth = oauthbearer", "a.token-endpoint = https://t/token",
                "a.client-secret = env:TENANT_SECRET"))
                .hasMessageContaining("mailbox a has no client-id");
        assertThatThrownBy(() -> read(base[0], base[1], "a.auth = xoauth2", "a.token-endpoint = ldap://t/token",
                "a.client-id = c", "a.client-secret = env:TENANT_SECRET"))
                .hasMessageContaining("mailbox a token-endpoint 'ldap://t/token' is not an http(s) URL with a host");
        assertThatThrownBy(() -> read(base[0], base[1], "a.auth = xoauth2", "a.token-endpoint = https://t/token",
                "a.client-id = c"))
                .hasMessageContaining("mailbox a auth is xoauth2 but has neither client-secret")
                .hasMessageContaining("nor refresh-token");
        assertThatThrownBy(() -> read(base[0], base[1], "a.auth = xoauth2", "a.token-endpoint = https://t/token",
                "a.client-id = c", "a.client-secret = env:NOT_SET"))
                .hasMessageContaining("mailbox a client-secret env:NOT_SET: the environment variable is not set");
        assertThatThrownBy(() -> read(base[0], base[1], "a.auth = xoauth2", "a.token-endpoint = https://t/token",
                "a.client-id = c", "a.refresh-token = file:" + tmp.resolve("missing")))
                .hasMessageContaining("mailbox a refresh-token file:" + tmp.resolve("missing") + " cannot be read");
        assertThatThrownBy(() -> read(base[0], base[1], "a.auth = xoauth2", "a.token-endpoint = https://t/token",
                "a.client-id = c", "a.client-secret = Written-0ut-S3cret"))
                .hasMessageContaining("mailbox a client-secret must be a reference")
                .hasMessageNotContaining("Written-0ut-S3cret");
        assertThatThrownBy(() -> read(base[0], base[1], "a.auth = xoauth2", "a.token-endpoint = https://t/token",
                "a.client-id = c", "a.client-secret = env:TENANT_SECRET", "a.secret = env:SALES_PW"))
                .hasMessageContaining("mailbox a auth is xoauth2")
                .hasMessageContaining("but secret is set too");
        assertThatThrownBy(() -> read(base[0], base[1], "a.secret = env:SALES_PW", "a.client-id = c"))
                .hasMessageContaining("mailbox a has client-id but auth is user");
        assertThatThrownBy(() -> read(base[0], base[1], "a.auth = oauthbearer", "a.token-endpoint = https://t/token",
                "a.client-id = c", "a.client-secret = env:TENANT_SECRET", "a.microsoft365 = true"))
                .hasMessageContaining("mailbox a microsoft365 = true needs auth = xoauth2");
    }
}
