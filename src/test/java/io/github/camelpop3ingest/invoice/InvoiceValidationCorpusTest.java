package io.github.camelpop3ingest.invoice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.camelpop3ingest.invoice.InvoiceValidation.Status;
import io.github.camelpop3ingest.testing.CorpusManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every structured invoice of the shared corpus (the XML files and the XML embedded in its PDFs) is validated against
 * the rule set its customization id calls for, with the outcome expected for it. The sources' examples are valid
 * under today's rules, except three Swedish Peppol examples of 2018 whose made-up organization numbers fail the
 * checksum rule Peppol added since (PEPPOL-COMMON-R049, R040 for a GLN) and the XRechnung extension example, whose
 * identifier schemes XR01 and XR03 are no longer in the ISO 6523 ICD list (BR-CL-10).
 */
class InvoiceValidationCorpusTest {

    private static final String EN16931_CII = "EN 16931 1.3.12 (CII)";
    private static final String EN16931_UBL = "EN 16931 1.3.12 (UBL)";
    private static final String XRECHNUNG_CII = "XRechnung 3.0.2 (CII)";
    private static final String XRECHNUNG_UBL = "XRechnung 3.0.2 (UBL)";
    private static final String PEPPOL = "Peppol BIS Billing 3.0.17 (UBL)";

    /** Shared, as in the job: each rule set compiles once for the whole class. */
    private static final XmlInvoiceReader READER = new XmlInvoiceReader().withValidator(new InvoiceValidator());

    private record Expected(Status status, String ruleSet, Set<String> errorIds) {
        static Expected valid(String ruleSet) {
            return new Expected(Status.VALID, ruleSet, Set.of());
        }

        static Expected invalid(String ruleSet, String... errorIds) {
            return new Expected(Status.INVALID, ruleSet, Set.of(errorIds));
        }

        static Expected notValidated() {
            return new Expected(Status.NOT_VALIDATED, null, Set.of());
        }
    }

    private static final Map<String, Expected> EXPECTED = Map.ofEntries(
            Map.entry("cii_en16931_example3_dkk.xml", Expected.valid(EN16931_CII)),
            Map.entry("cii_en16931_example8_eur.xml", Expected.valid(EN16931_CII)),
            Map.entry("cii_xrechnung_01.04a.xml", Expected.valid(XRECHNUNG_CII)),
            Map.entry("cii_xrechnung_01.21a.xml", Expected.valid(XRECHNUNG_CII)),
            Map.entry("cii_xrechnung_ext_04.05a.xml", Expected.invalid(XRECHNUNG_CII, "BR-CL-10")),
            Map.entry("fx_en16931_businesscentral.pdf#factur-x.xml", Expected.valid(EN16931_CII)),
            Map.entry("fx_en16931_three_attachments_204.pdf#factur-x.xml", Expected.valid(EN16931_CII)),
            Map.entry("fx_en16931_weclapp.pdf#factur-x.xml", Expected.valid(EN16931_CII)),
            // MINIMUM claims no EN 16931 conformance, and phive has no Factur-X rules.
            Map.entry("fx_minimum.pdf#factur-x.xml", Expected.notValidated()),
            Map.entry("ubl_en16931_example1_eur.xml", Expected.valid(EN16931_UBL)),
            Map.entry("ubl_peppol_creditnote_min_no_vat_sek.xml", Expected.invalid(PEPPOL, "PEPPOL-COMMON-R049")),
            Map.entry("ubl_peppol_creditnote_sek.xml",
                    Expected.invalid(PEPPOL, "PEPPOL-COMMON-R049", "PEPPOL-COMMON-R040")),
            Map.entry("ubl_peppol_negative_dkk.XML", Expected.valid(PEPPOL)),
            Map.entry("ubl_peppol_usd_sek_taxcurrency.xml", Expected.invalid(PEPPOL, "PEPPOL-COMMON-R049")),
            Map.entry("ubl_xrechnung_01.20a_selfbilled_389.xml", Expected.valid(XRECHNUNG_UBL)),
            Map.entry("ubl_xrechnung_03.04a_embedded_pdf.xml", Expected.valid(XRECHNUNG_UBL)),
            Map.entry("ubl_xrechnung_03.06a.xml", Expected.valid(XRECHNUNG_UBL)),
            Map.entry("zf1_basic_kraxi.pdf#ZUGFeRD-invoice.xml", Expected.notValidated()),
            Map.entry("zf_two_xml_attachments.pdf#ZUGFeRD-invoice.xml", Expected.notValidated()),
            Map.entry("zf_two_xml_attachments.pdf#factur-x.xml", Expected.valid(EN16931_CII)));

    /** The structured invoices of the corpus: each XML file, and each invoice XML embedded in a PDF. */
    static List<EmbeddedDocument> documents() {
        List<EmbeddedDocument> documents = new ArrayList<>();
        for (CorpusManifest.Row row : CorpusManifest.invoiceRows()) {
            String name = row.get("file");
            Path file = CorpusManifest.invoicesDir().resolve(name);
            if (name.toLowerCase(Locale.ROOT).endsWith(".pdf")) {
                PdfEmbeddedFiles.extract(file, ContainerLimits.defaults(), new ArrayList<>()).stream()
                        .filter(doc -> doc.kind() == DocumentKind.XML && XmlInvoiceReader.looksLikeInvoice(
                                doc.content()))
                        .forEach(documents::add);
            } else {
                try {
                    documents.add(new EmbeddedDocument(name, name, Files.readAllBytes(file)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return documents;
    }

    @Test
    void everyStructuredInvoiceOfTheCorpusHasAnExpectation() {
        assertThat(documents()).extracting(EmbeddedDocument::path)
                .containsExactlyInAnyOrderElementsOf(EXPECTED.keySet());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documents")
    void validatesAsExpected(EmbeddedDocument document) {
        Expected expected = EXPECTED.get(document.path());

        InvoiceValidation validation = READER.read(document.content(), document.path()).orElseThrow().validation();

        assertThat(validation.status()).as("%s: %s", document.path(), validation).isEqualTo(expected.status());
        assertThat(validation.ruleSet()).isEqualTo(expected.ruleSet());
        assertThat(validation.errors().stream().map(InvoiceValidation.Finding::id).collect(Collectors.toSet()))
                .isEqualTo(expected.errorIds());
        if (expected.status() == Status.NOT_VALIDATED) {
            assertThat(validation.reason()).isNotBlank();
        } else {
            assertThat(validation.reason()).isNull();
        }
    }
}
