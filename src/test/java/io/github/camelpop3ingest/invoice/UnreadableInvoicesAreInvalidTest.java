package io.github.camelpop3ingest.invoice;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import io.github.camelpop3ingest.invoice.InvoiceValidation.Status;
import io.github.camelpop3ingest.testing.CorpusManifest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With validation on, a document with an invoice's root that is not well-formed, carries a DOCTYPE or is over the
 * size limit is an invalid invoice, with the reader's problem as its one error (id XML); no rule set is applied.
 */
class UnreadableInvoicesAreInvalidTest {

    private static final String UBL_ROOT = "<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\""
            + " xmlns:cbc=\"urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2\">";

    private static final InvoiceValidator VALIDATOR = new InvoiceValidator();

    @Test
    void notWellFormed() {
        InvoiceValidation validation = read(new XmlInvoiceReader(), UBL_ROOT + "<cbc:ID>1</cbc:ID><oops>");

        assertUnreadable(validation, "not well-formed XML: ");
        assertThat(validation.errors().get(0).text()).contains("line 1");
    }

    @Test
    void doctypeIsRefused() {
        InvoiceValidation validation = read(new XmlInvoiceReader(), "<?xml version=\"1.0\"?>\n"
                + "<!DOCTYPE Invoice [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
                + UBL_ROOT + "<cbc:ID>&xxe;</cbc:ID></Invoice>");

        assertUnreadable(validation, "refused XML: DOCTYPE is not allowed");
    }

    @Test
    void tooLarge() throws Exception {
        byte[] xml = Files.readAllBytes(CorpusManifest.invoicesDir().resolve("ubl_xrechnung_03.06a.xml"));

        InvoiceValidation validation = new XmlInvoiceReader(1000).withValidator(VALIDATOR)
                .read(xml, "large.xml").orElseThrow().validation();

        assertUnreadable(validation, "document is larger than 1000 bytes and was not read");
    }

    private static InvoiceValidation read(XmlInvoiceReader reader, String xml) {
        return reader.withValidator(VALIDATOR).read(xml.getBytes(StandardCharsets.UTF_8), "unreadable.xml")
                .orElseThrow().validation();
    }

    private static void assertUnreadable(InvoiceValidation validation, String textStart) {
        assertThat(validation.status()).isEqualTo(Status.INVALID);
        assertThat(validation.ruleSet()).isNull();
        assertThat(validation.reason()).isNull();
        assertThat(validation.errors()).singleElement().satisfies(error -> {
            assertThat(error.id()).isEqualTo(InvoiceValidation.XML_ERROR);
            assertThat(error.text()).startsWith(textStart);
        });
    }
}
