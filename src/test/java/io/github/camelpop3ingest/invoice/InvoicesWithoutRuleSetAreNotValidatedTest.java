package io.github.camelpop3ingest.invoice;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;

import io.github.camelpop3ingest.invoice.InvoiceValidation.Status;
import io.github.camelpop3ingest.testing.CorpusManifest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ZUGFeRD 1.0, Factur-X MINIMUM, and documents whose customization id is unknown or missing are not validated, with
 * a reason that says why; none of them is taken for valid.
 */
class InvoicesWithoutRuleSetAreNotValidatedTest {

    private static final XmlInvoiceReader READER = new XmlInvoiceReader().withValidator(new InvoiceValidator());

    @Test
    void zugferd1() throws Exception {
        InvoiceValidation validation;
        try (InputStream in = getClass().getResourceAsStream("/invoice/zugferd1-comfort.xml")) {
            validation = READER.read(in, "zugferd1-comfort.xml").orElseThrow().validation();
        }

        assertNotValidated(validation, "ZUGFeRD 1.0 predates EN 16931 and has no maintained rule set");
    }

    @Test
    void facturXMinimum() {
        EmbeddedDocument xml = PdfEmbeddedFiles.extract(CorpusManifest.invoicesDir().resolve("fx_minimum.pdf"),
                ContainerLimits.defaults(), new ArrayList<>()).get(0);

        InvoiceValidation validation = READER.read(xml.content(), xml.path()).orElseThrow().validation();

        assertNotValidated(validation, "no rule set for FACTUR-X MINIMUM (urn:factur-x.eu:1p0:minimum): it claims "
                + "no EN 16931 conformance and phive has no rules of its own for it");
    }

    @Test
    void unknownCustomizationId() throws Exception {
        InvoiceValidation validation = withCustomizationId("<cbc:CustomizationID>urn:example:own-format"
                + "</cbc:CustomizationID>");

        assertNotValidated(validation, "no rule set for 'urn:example:own-format': it claims no EN 16931 conformance "
                + "and phive has no rules of its own for it");
    }

    @Test
    void noCustomizationId() throws Exception {
        InvoiceValidation validation = withCustomizationId("");

        assertNotValidated(validation,
                "the document names no specification identifier (BT-24), so no rule set applies");
    }

    private static InvoiceValidation withCustomizationId(String element) throws Exception {
        String xml = Files.readString(CorpusManifest.invoicesDir().resolve("ubl_en16931_example1_eur.xml"),
                StandardCharsets.UTF_8);
        String original = "<cbc:CustomizationID>urn:cen.eu:en16931:2017</cbc:CustomizationID>";
        assertThat(xml).containsOnlyOnce(original);
        return READER.read(xml.replace(original, element).getBytes(StandardCharsets.UTF_8), "custom.xml")
                .orElseThrow().validation();
    }

    private static void assertNotValidated(InvoiceValidation validation, String reason) {
        assertThat(validation.status()).isEqualTo(Status.NOT_VALIDATED);
        assertThat(validation.ruleSet()).isNull();
        assertThat(validation.errors()).isEmpty();
        assertThat(validation.reason()).isEqualTo(reason);
    }
}
