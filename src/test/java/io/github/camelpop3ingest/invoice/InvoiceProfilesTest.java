package io.github.camelpop3ingest.invoice;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Specification identifiers map to short profile labels, and unknown ones to null. */
class InvoiceProfilesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "urn:cen.eu:en16931:2017|EN16931",
            "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0|XRECHNUNG",
            "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0#conformant#urn:xeinkauf.de:kosit:extension:xrechnung_3.0|XRECHNUNG EXTENSION",
            "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0|PEPPOL BIS 3",
            "urn:factur-x.eu:1p0:minimum|FACTUR-X MINIMUM",
            "urn:factur-x.eu:1p0:basicwl|FACTUR-X BASIC WL",
            "urn:cen.eu:en16931:2017#compliant#urn:factur-x.eu:1p0:basic|FACTUR-X BASIC",
            "urn:cen.eu:en16931:2017#conformant#urn:factur-x.eu:1p0:extended|FACTUR-X EXTENDED",
            "urn:cen.eu:en16931:2017#compliant#urn:zugferd.de:2p0:basic|ZUGFERD 2 BASIC",
            "urn:ferd:CrossIndustryDocument:invoice:1p0:basic|ZUGFERD 1 BASIC",
            "urn:ferd:CrossIndustryDocument:invoice:1p0:comfort|ZUGFERD 1 COMFORT",
            "urn:ferd:CrossIndustryDocument:invoice:1p0:extended|ZUGFERD 1 EXTENDED",
            "urn:example:something-else|NULL",
            "NULL|NULL"})
    void labels(String customizationId, String label) {
        assertThat(InvoiceProfiles.label(customizationId)).isEqualTo(label);
    }
}
