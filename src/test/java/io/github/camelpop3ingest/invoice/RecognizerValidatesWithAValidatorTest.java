package io.github.camelpop3ingest.invoice;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.github.camelpop3ingest.invoice.InvoiceValidation.Status;
import io.github.camelpop3ingest.mime.EnvelopePart;
import io.github.camelpop3ingest.testing.CorpusManifest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An {@link InvoiceRecognizer} with a validator validates each structured invoice it finds, attached or embedded in
 * a PDF, also after its XML limits are changed; without one (the default) {@code validation} stays null, and a PDF
 * without structured data is never validated. A crash while validating is contained like one while reading.
 */
class RecognizerValidatesWithAValidatorTest {

    private static final InvoiceValidator VALIDATOR = new InvoiceValidator();

    @TempDir
    Path folder;

    @BeforeEach
    void archiveParts() throws Exception {
        for (String name : List.of("ubl_xrechnung_03.06a.xml", "fx_en16931_weclapp.pdf", "plain_pdf_blank.pdf")) {
            Files.copy(CorpusManifest.invoicesDir().resolve(name), folder.resolve(name));
        }
    }

    @Test
    void structuredInvoicesAreValidated() throws Exception {
        InvoiceRecognizer recognizer = new InvoiceRecognizer();
        recognizer.setValidator(VALIDATOR);

        List<Invoice> invoices = recognizer.recognize(folder,
                envelope("ubl_xrechnung_03.06a.xml", "fx_en16931_weclapp.pdf")).invoices();

        assertThat(invoices).extracting(Invoice::path).containsExactly("ubl_xrechnung_03.06a.xml",
                "fx_en16931_weclapp.pdf#factur-x.xml");
        assertThat(invoices).extracting(invoice -> invoice.validation().status()).containsOnly(Status.VALID);
        assertThat(invoices).extracting(invoice -> invoice.validation().ruleSet())
                .containsExactly("XRechnung 3.0.2 (UBL)", "EN 16931 1.3.12 (CII)");
    }

    @Test
    void validatorSurvivesNewXmlLimits() throws Exception {
        InvoiceRecognizer recognizer = new InvoiceRecognizer();
        recognizer.setValidator(VALIDATOR);
        recognizer.setXmlLimits(XmlLimits.defaults().withMaxBytes(1000));

        Invoice invoice = recognizer.recognize(folder, envelope("ubl_xrechnung_03.06a.xml")).invoices().get(0);

        assertThat(invoice.validation().status()).isEqualTo(Status.INVALID);
        assertThat(invoice.validation().errors()).extracting(InvoiceValidation.Finding::id)
                .containsExactly(InvoiceValidation.XML_ERROR);
    }

    @Test
    void withoutValidatorNothingIsValidated() throws Exception {
        List<Invoice> invoices = new InvoiceRecognizer().recognize(folder,
                envelope("ubl_xrechnung_03.06a.xml", "fx_en16931_weclapp.pdf")).invoices();

        assertThat(invoices).hasSize(2).extracting(Invoice::validation).containsOnlyNulls();
    }

    @Test
    void pdfWithoutStructuredDataIsNotValidated() throws Exception {
        InvoiceRecognizer recognizer = new InvoiceRecognizer();
        recognizer.setValidator(VALIDATOR);

        Invoice candidate = recognizer.recognize(folder, envelope("plain_pdf_blank.pdf")).invoices().get(0);

        assertThat(candidate.format()).isEqualTo(Invoice.PDF_CANDIDATE);
        assertThat(candidate.validation()).isNull();
    }

    @Test
    void crashWhileValidatingIsContained() throws Exception {
        InvoiceRecognizer recognizer = new InvoiceRecognizer();
        recognizer.setValidator(new InvoiceValidator(ruleSet -> {
            throw new StackOverflowError("deep rules");
        }));

        InvoiceRecognizer.Result result = recognizer.recognize(folder, envelope("ubl_xrechnung_03.06a.xml"));

        assertThat(result.crash()).isEqualTo("StackOverflowError: deep rules while reading ubl_xrechnung_03.06a.xml");
        Invoice invoice = result.invoices().get(0);
        assertThat(invoice.needsReview()).isTrue();
        assertThat(invoice.validation().status()).isEqualTo(Status.NOT_VALIDATED);
        assertThat(invoice.validation().reason()).isEqualTo("reading failed: " + result.crash());
    }

    private Envelope envelope(String... fileNames) throws Exception {
        List<EnvelopePart> parts = new ArrayList<>();
        long total = 0;
        for (String name : fileNames) {
            long size = Files.size(folder.resolve(name));
            total += size;
            String type = name.endsWith(".pdf") ? "application/pdf" : "application/xml";
            parts.add(new EnvelopePart(name, name, type, null, "attachment", size, null, null, true, List.of()));
        }
        return new Envelope(Envelope.SCHEMA_VERSION, "test", "uidl-1", "<1@test>", List.of(), List.of(), List.of(),
                List.of(), "invoices", null, null, total, null, parts, List.of());
    }
}
