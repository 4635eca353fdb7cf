package io.github.camelpop3ingest.invoice;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The validation result is written as the issue specifies it (status in lower case, reason null unless
 * not-validated) and is read back with its invoice, as envelope.json is; an invoice written before validation
 * existed reads with {@code validation} null.
 */
class InvoiceValidationJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Invoice INVOICE = new Invoice(Invoice.UBL_INVOICE, "urn:cen.eu:en16931:2017", "EN16931",
            "380", "R-1", "2026-11-27", null, "EUR", new InvoiceParty("Seller", "DE123456789", null), null,
            new InvoiceTotals("100.00", "19.00", "119.00", null, "119.00"), 1, "invoice.xml", false, null, List.of());

    @Test
    void invalidResultIsWrittenAsSpecified() {
        Invoice invoice = INVOICE.withValidation(InvoiceValidation.of("EN 16931 1.3.12 (UBL)",
                List.of(new InvoiceValidation.Finding("BR-CO-15", "/Invoice/cac:LegalMonetaryTotal", "Total ...")),
                List.of()));

        JsonNode validation = JSON.valueToTree(invoice).get("validation");

        assertThat(validation.toString()).isEqualTo("{\"status\":\"invalid\",\"ruleSet\":\"EN 16931 1.3.12 (UBL)\","
                + "\"errors\":[{\"id\":\"BR-CO-15\",\"location\":\"/Invoice/cac:LegalMonetaryTotal\","
                + "\"text\":\"Total ...\"}],\"warnings\":[],\"reason\":null}");
    }

    @Test
    void notValidatedCarriesItsReason() {
        JsonNode validation = JSON.valueToTree(INVOICE.withValidation(
                InvoiceValidation.notValidated(null, "ZUGFeRD 1.0 predates EN 16931"))).get("validation");

        assertThat(validation.get("status").asText()).isEqualTo("not-validated");
        assertThat(validation.get("reason").asText()).isEqualTo("ZUGFeRD 1.0 predates EN 16931");
        assertThat(validation.get("ruleSet").isNull()).isTrue();
    }

    @Test
    void validationIsNullWhenOff() {
        assertThat(JSON.valueToTree(INVOICE).get("validation").isNull()).isTrue();
    }

    @Test
    void invoiceWithValidationReadsBack() throws Exception {
        Invoice invoice = INVOICE.withValidation(new InvoiceValidation(InvoiceValidation.Status.VALID,
                "XRechnung 3.0.2 (UBL)", List.of(),
                List.of(new InvoiceValidation.Finding("BR-DE-21", "/Invoice", "Warnung")), null));

        Invoice read = JSON.readValue(JSON.writeValueAsBytes(invoice), Invoice.class);

        assertThat(read).isEqualTo(invoice);
    }

    @Test
    void invoiceWrittenBeforeValidationReadsWithNull() throws Exception {
        ObjectNode old = JSON.valueToTree(INVOICE);
        old.remove("validation");

        Invoice read = JSON.treeToValue(old, Invoice.class);

        assertThat(read.validation()).isNull();
        assertThat(read).isEqualTo(INVOICE);
    }
}
