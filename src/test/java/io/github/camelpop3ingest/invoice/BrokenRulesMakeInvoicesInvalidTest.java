package io.github.camelpop3ingest.invoice;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import io.github.camelpop3ingest.invoice.InvoiceValidation.Finding;
import io.github.camelpop3ingest.invoice.InvoiceValidation.Status;
import io.github.camelpop3ingest.testing.CorpusManifest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Copies of valid corpus invoices, each broken in one place, come out invalid with the identifier of the rule they
 * break, as the rule set that applies names it: BR-CO (totals), BR-DE-15 (XRechnung's buyer reference), BR-CL-04
 * (currency code), PEPPOL-EN16931-R001 (Peppol's business process), XSD for a schema error.
 */
class BrokenRulesMakeInvoicesInvalidTest {

    private static final XmlInvoiceReader READER = new XmlInvoiceReader().withValidator(new InvoiceValidator());

    @Test
    void changedTotalBreaksTheTotalRules() throws Exception {
        InvoiceValidation validation = validate("ubl_en16931_example1_eur.xml",
                "<cbc:TaxInclusiveAmount currencyID=\"EUR\">250.33<", "<cbc:TaxInclusiveAmount currencyID=\"EUR\">260.33<");

        assertThat(validation.status()).isEqualTo(Status.INVALID);
        assertThat(validation.ruleSet()).isEqualTo("EN 16931 1.3.12 (UBL)");
        assertThat(validation.errors()).extracting(Finding::id).containsExactlyInAnyOrder("BR-CO-15", "BR-CO-16");
        assertThat(validation.errors()).filteredOn(error -> error.id().equals("BR-CO-16")).singleElement()
                .satisfies(error -> {
                    assertThat(error.location()).isEqualTo("/Invoice/cac:LegalMonetaryTotal");
                    assertThat(error.text()).startsWith("Amount due for payment (BT-115)");
                });
    }

    @Test
    void changedAmountDueBreaksBrCo16InCii() throws Exception {
        InvoiceValidation validation = validate("cii_xrechnung_01.21a.xml",
                "<ram:DuePayableAmount>233.00<", "<ram:DuePayableAmount>223.00<");

        assertThat(validation.ruleSet()).isEqualTo("XRechnung 3.0.2 (CII)");
        assertThat(validation.errors()).extracting(Finding::id).containsExactly("BR-CO-16");
        assertThat(validation.errors().get(0).location()).startsWith("/rsm:CrossIndustryInvoice/");
    }

    @Test
    void xrechnungWithoutBuyerReferenceBreaksBrDe15() throws Exception {
        InvoiceValidation ubl = validate("ubl_xrechnung_03.06a.xml",
                "<cbc:BuyerReference>991-33333TEST-33</cbc:BuyerReference>", "");
        InvoiceValidation cii = validate("cii_xrechnung_01.21a.xml",
                "<ram:BuyerReference>04011000-12349-88</ram:BuyerReference>", "");

        assertThat(ubl.status()).isEqualTo(Status.INVALID);
        assertThat(ubl.ruleSet()).isEqualTo("XRechnung 3.0.2 (UBL)");
        assertThat(ubl.errors()).extracting(Finding::id).containsExactly("BR-DE-15");
        assertThat(ubl.errors().get(0).text()).contains("Buyer reference").contains("BT-10");
        assertThat(cii.ruleSet()).isEqualTo("XRechnung 3.0.2 (CII)");
        assertThat(cii.errors()).extracting(Finding::id).containsExactly("BR-DE-15");
    }

    @Test
    void unknownCurrencyBreaksBrCl04() throws Exception {
        InvoiceValidation ubl = validate("ubl_en16931_example1_eur.xml",
                "<cbc:DocumentCurrencyCode>EUR<", "<cbc:DocumentCurrencyCode>XXY<");
        InvoiceValidation cii = validate("cii_en16931_example8_eur.xml",
                "<ram:InvoiceCurrencyCode>EUR<", "<ram:InvoiceCurrencyCode>XXY<");

        assertThat(ubl.status()).isEqualTo(Status.INVALID);
        assertThat(ubl.errors()).filteredOn(error -> error.id().equals("BR-CL-04")).singleElement()
                .satisfies(error -> assertThat(error.location()).isEqualTo("/Invoice/cbc:DocumentCurrencyCode"));
        assertThat(cii.status()).isEqualTo(Status.INVALID);
        assertThat(cii.errors()).extracting(Finding::id).contains("BR-CL-04");
    }

    @Test
    void peppolInvoiceWithoutProfileBreaksPeppolRule() throws Exception {
        InvoiceValidation validation = validate("ubl_peppol_negative_dkk.XML",
                "<cbc:ProfileID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</cbc:ProfileID>", "");

        assertThat(validation.ruleSet()).isEqualTo("Peppol BIS Billing 3.0.17 (UBL)");
        assertThat(validation.errors()).extracting(Finding::id).contains("PEPPOL-EN16931-R001");
    }

    @Test
    void elementTheSchemaDoesNotKnowIsAnXsdError() throws Exception {
        InvoiceValidation validation = validate("ubl_en16931_example1_eur.xml",
                "<cbc:ID>12115118</cbc:ID>", "<cbc:ID>12115118</cbc:ID><cbc:Colour>blue</cbc:Colour>");

        assertThat(validation.status()).isEqualTo(Status.INVALID);
        assertThat(validation.errors()).isNotEmpty().allSatisfy(error -> {
            assertThat(error.id()).isEqualTo(InvoiceValidation.XSD_ERROR);
            assertThat(error.location()).startsWith("line 16, column ");
            assertThat(error.text()).contains("'cbc:Colour'");
        });
    }

    private static InvoiceValidation validate(String corpusFile, String original, String replacement)
            throws Exception {
        String xml = Files.readString(CorpusManifest.invoicesDir().resolve(corpusFile), StandardCharsets.UTF_8);
        assertThat(xml).as("the corpus file %s as this test knows it", corpusFile).containsOnlyOnce(original);
        byte[] broken = xml.replace(original, replacement).getBytes(StandardCharsets.UTF_8);
        return READER.read(broken, "broken-" + corpusFile).orElseThrow().validation();
    }
}
