package io.github.camelpop3ingest.invoice;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;

/**
 * Validates structured invoices against the rules that apply to them, chosen from their customization id: XRechnung,
 * Peppol BIS Billing or EN 16931, from phive's rule packages (see {@link InvoiceRuleSet}). Thread-safe; every rule
 * set is compiled once per process, on its first invoice, and shared by all validators.
 * <p>
 * Set it on an {@link InvoiceRecognizer} to have each invoice it reads carry {@link Invoice#validation()}.
 */
public final class InvoiceValidator {

    private static final Logger LOG = LoggerFactory.getLogger(InvoiceValidator.class);

    private final Function<InvoiceRuleSet, CompiledRuleSet> ruleSets;

    /**
     * The rule packages validation needs, each with a class that only it has: artifact id and class name.
     */
    static final Map<String, String> RULE_PACKAGES = Map.of(
            "com.helger.phive.rules:phive-rules-en16931", "com.helger.phive.en16931.EN16931Validation",
            "com.helger.phive.rules:phive-rules-xrechnung", "com.helger.phive.xrechnung.XRechnungValidation",
            "com.helger.phive.rules:phive-rules-peppol", "com.helger.phive.peppol.PeppolValidation2024_05");

    /**
     * A validator with the process's shared rule sets, which compile on first use.
     *
     * @throws IllegalStateException naming each of phive's rule packages that is not on the classpath
     */
    public InvoiceValidator() {
        this(CompiledRuleSet::of);
        List<String> missing = missingRulePackages(InvoiceValidator.class.getClassLoader());
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Invoice validation needs the rule package" + (missing.size() > 1 ? "s " : " ")
                    + String.join(", ", missing) + " (version 3.2.0, from Maven Central) on the classpath");
        }
        try {
            // Loads the rule sets' classes now, so that a broken package fails where the validator is set up.
            InvoiceRuleSet.values();
        } catch (LinkageError e) {
            throw new IllegalStateException("Invoice validation cannot load phive's rule packages: " + e, e);
        }
    }

    /** The rule packages of {@link #RULE_PACKAGES} that {@code loader} cannot see, sorted. */
    static List<String> missingRulePackages(ClassLoader loader) {
        List<String> missing = new ArrayList<>();
        RULE_PACKAGES.forEach((artifact, className) -> {
            try {
                Class.forName(className, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                missing.add(artifact);
            }
        });
        missing.sort(null);
        return missing;
    }

    /** A validator that takes each rule set from {@code ruleSets}, e.g. one that fails to compile. */
    InvoiceValidator(Function<InvoiceRuleSet, CompiledRuleSet> ruleSets) {
        this.ruleSets = ruleSets;
    }

    /**
     * Validates a document {@link XmlInvoiceReader} has read: {@code document} is its DOM, {@code bytes} what it was
     * parsed from (the schema check reads them again, for line and column in its errors).
     */
    InvoiceValidation validate(Document document, BoundedXml bytes, InvoiceSyntax syntax, String customizationId,
            String path) {
        Optional<InvoiceRuleSet> chosen = InvoiceRuleSet.forDocument(syntax, customizationId);
        if (chosen.isEmpty()) {
            return InvoiceValidation.notValidated(null, InvoiceRuleSet.whyNone(syntax, customizationId));
        }
        CompiledRuleSet ruleSet = ruleSets.apply(chosen.get());
        String name = ruleSet.name();
        String failure = ruleSet.compile();
        if (failure != null) {
            return InvoiceValidation.notValidated(name, failure);
        }
        try {
            return ruleSet.validate(document, bytes, path);
        } catch (RuntimeException e) {
            // Whatever the engine throws, the invoice is still read and archived; it is never taken for valid.
            LOG.warn("Invoice {} is not validated: the rule set {} failed on it", path, name, e);
            return InvoiceValidation.notValidated(name, "rule set " + name + " failed on this document: " + e);
        }
    }
}
