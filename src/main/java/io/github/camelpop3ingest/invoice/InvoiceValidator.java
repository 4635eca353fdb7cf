package io.github.camelpop3ingest.invoice;

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
     * A validator with the process's shared rule sets, which compile on first use.
     *
     * @throws IllegalStateException when phive's rule packages are not on the classpath
     */
    public InvoiceValidator() {
        this(CompiledRuleSet::of);
        try {
            // Loads the rule packages' classes now, so that a missing one fails where the validator is set up.
            InvoiceRuleSet.values();
        } catch (LinkageError e) {
            throw new IllegalStateException("Invoice validation needs phive's rule packages phive-rules-en16931, "
                    + "phive-rules-xrechnung and phive-rules-peppol on the classpath: " + e, e);
        }
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
