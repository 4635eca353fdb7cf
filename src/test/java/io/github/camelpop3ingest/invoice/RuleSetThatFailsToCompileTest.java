package io.github.camelpop3ingest.invoice;

import java.nio.file.Files;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.helger.commons.io.resource.ClassPathResource;
import com.helger.phive.api.executorset.ValidationExecutorSet;
import com.helger.phive.rules.api.PhiveRulesHelper;
import com.helger.phive.xml.schematron.ValidationExecutorSchematron;
import com.helger.phive.xml.xsd.ValidationExecutorXSD;
import com.helger.ubl21.UBL21Marshaller;
import io.github.camelpop3ingest.invoice.InvoiceValidation.Status;
import io.github.camelpop3ingest.testing.CorpusManifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rule set whose Schematron does not compile leaves every invoice it should check not-validated, with the reason,
 * and is named in one WARN; it is not compiled again for the next invoice, and no invoice is taken for valid.
 */
class RuleSetThatFailsToCompileTest {

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(CompiledRuleSet.class);

    @BeforeEach
    void captureLog() {
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        logger.detachAppender(log);
    }

    @Test
    void invoicesOfABrokenRuleSetAreNotValidated() throws Exception {
        CompiledRuleSet broken = new CompiledRuleSet("Broken 1.0 (UBL)", () -> ValidationExecutorSet.create(
                PhiveRulesHelper.createCoordinate("test.broken", "ubl", "1.0.0"), "Broken 1.0",
                PhiveRulesHelper.createSimpleStatus(false),
                ValidationExecutorXSD.create(UBL21Marshaller.getAllInvoiceXSDs()),
                ValidationExecutorSchematron.createXSLT(new ClassPathResource("invoice/broken-rules.xslt"), null)));
        XmlInvoiceReader reader = new XmlInvoiceReader().withValidator(new InvoiceValidator(ruleSet -> broken));
        byte[] xml = Files.readAllBytes(CorpusManifest.invoicesDir().resolve("ubl_en16931_example1_eur.xml"));

        InvoiceValidation first = reader.read(xml, "first.xml").orElseThrow().validation();
        InvoiceValidation second = reader.read(xml, "second.xml").orElseThrow().validation();

        assertThat(first.status()).isEqualTo(Status.NOT_VALIDATED);
        assertThat(first.ruleSet()).isEqualTo("Broken 1.0 (UBL)");
        assertThat(first.reason()).startsWith("rule set Broken 1.0 (UBL) could not be compiled: ")
                .contains("invoice/broken-rules.xslt does not compile");
        assertThat(second).isEqualTo(first);
        assertThat(log.list).filteredOn(event -> event.getLevel() == Level.WARN).singleElement()
                .extracting(ILoggingEvent::getFormattedMessage).asString()
                .startsWith("The rule set Broken 1.0 (UBL) could not be compiled; its invoices are not validated");
    }
}
