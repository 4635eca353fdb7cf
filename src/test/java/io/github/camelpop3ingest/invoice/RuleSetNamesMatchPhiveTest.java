package io.github.camelpop3ingest.invoice;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.helger.phive.api.executorset.IValidationExecutorSet;
import com.helger.phive.api.executorset.ValidationExecutorSetRegistry;
import com.helger.phive.en16931.EN16931Validation;
import com.helger.phive.peppol.PeppolValidation2024_05;
import com.helger.phive.xml.source.IValidationSourceXML;
import com.helger.phive.xrechnung.XRechnungValidation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The version each rule set reports in {@code ruleSet} is the one phive's executor set names, so that an upgrade of
 * the rule packages cannot leave a stale version in the JSON.
 */
class RuleSetNamesMatchPhiveTest {

    private static final Pattern VERSION = Pattern.compile("\\d+(\\.\\d+)+");

    @Test
    void everyRuleSetNamesPhivesVersion() {
        ValidationExecutorSetRegistry<IValidationSourceXML> registry = new ValidationExecutorSetRegistry<>();
        EN16931Validation.initEN16931(registry);
        XRechnungValidation.initXRechnung(registry);
        PeppolValidation2024_05.init(registry);

        for (InvoiceRuleSet ruleSet : InvoiceRuleSet.values()) {
            IValidationExecutorSet<IValidationSourceXML> set = registry.getOfID(ruleSet.coordinate());
            assertThat(set).as("phive's executor set of %s", ruleSet).isNotNull();
            assertThat(set.getStatus().isDeprecated()).as("%s deprecated", ruleSet).isFalse();
            Matcher version = VERSION.matcher(ruleSet.displayName());
            assertThat(version.find()).isTrue();
            assertThat(set.getDisplayName()).as("phive's name of %s", ruleSet).contains(version.group());
        }
    }
}
