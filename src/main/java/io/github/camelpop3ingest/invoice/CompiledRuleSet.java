package io.github.camelpop3ingest.invoice;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.xml.transform.Source;
import javax.xml.transform.stream.StreamSource;

import com.helger.commons.error.IError;
import com.helger.commons.location.ILocation;
import com.helger.phive.api.executor.IValidationExecutor;
import com.helger.phive.api.executorset.IValidationExecutorSet;
import com.helger.phive.api.executorset.ValidationExecutorSetRegistry;
import com.helger.phive.api.result.ValidationResult;
import com.helger.phive.en16931.EN16931Validation;
import com.helger.phive.peppol.PeppolValidation2024_05;
import com.helger.phive.xml.schematron.ValidationExecutorSchematron;
import com.helger.phive.xml.source.IValidationSourceXML;
import com.helger.phive.xml.source.ValidationSourceXML;
import com.helger.phive.xml.xsd.ValidationExecutorXSD;
import com.helger.phive.xrechnung.XRechnungValidation;
import com.helger.schematron.xslt.SchematronResourceXSLT;
import com.helger.xml.transform.CollectingTransformErrorListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;

/**
 * One rule set of phive's executor sets, compiled on first use; a rule set that fails to compile stays failed, with
 * the reason. Each {@link InvoiceRuleSet} has one instance per process, shared by every validator. Thread-safe.
 */
final class CompiledRuleSet {

    private static final Logger LOG = LoggerFactory.getLogger(CompiledRuleSet.class);

    private static final Map<InvoiceRuleSet, CompiledRuleSet> ALL = new EnumMap<>(InvoiceRuleSet.class);

    static {
        for (InvoiceRuleSet ruleSet : InvoiceRuleSet.values()) {
            ALL.put(ruleSet, new CompiledRuleSet(ruleSet.displayName(), () -> Registry.INSTANCE.getOfID(
                    ruleSet.coordinate())));
        }
    }

    /** The texts of the rule sets are English or German whatever the locale; phive wants one all the same. */
    private static final Locale TEXTS = Locale.ENGLISH;

    /** An element name as the schema validator writes it: {@code {"namespace":Name}}. */
    private static final Pattern SCHEMA_NAME = Pattern.compile("\\{\"([^\"]*)\":([\\w.-]+)\\}");

    /** A location step as the rule sets write it: {@code *:Name[namespace-uri()='...']}. */
    private static final Pattern QUALIFIED_STEP = Pattern.compile("\\*:([\\w.-]+)\\[namespace-uri\\(\\)='([^']*)'\\]");

    /** The prefixes the UBL and CII specifications use; the root element of a UBL document goes without one. */
    private static final Map<String, String> PREFIXES = Map.of(
            InvoiceSyntax.UBL_INVOICE.namespace(), "",
            InvoiceSyntax.UBL_CREDIT_NOTE.namespace(), "",
            "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2", "cac:",
            "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2", "cbc:",
            "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2", "ext:",
            InvoiceSyntax.CII.namespace(), "rsm:",
            "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100", "ram:",
            "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100", "udt:",
            "urn:un:unece:uncefact:data:standard:QualifiedDataType:100", "qdt:");

    private final String name;
    private final Supplier<IValidationExecutorSet<IValidationSourceXML>> executorSet;
    /** Set once by {@link #compile()}: the executors, or why there are none. */
    private List<IValidationExecutor<IValidationSourceXML>> executors;
    private String failure;

    /**
     * A rule set named {@code name} in results and logs, made of the executors {@code executorSet} gives on first
     * use (null when there is no such set).
     */
    CompiledRuleSet(String name, Supplier<IValidationExecutorSet<IValidationSourceXML>> executorSet) {
        this.name = name;
        this.executorSet = executorSet;
    }

    /** Name and version, as reported in {@link InvoiceValidation#ruleSet()}. */
    String name() {
        return name;
    }

    /** The process's one instance of this rule set. */
    static CompiledRuleSet of(InvoiceRuleSet ruleSet) {
        return ALL.get(ruleSet);
    }

    /**
     * Compiles the rule set's schema and Schematron stylesheets into phive's caches, once; later calls return at once.
     * Null when it is ready, otherwise why it cannot be used.
     */
    synchronized String compile() {
        if (executors != null || failure != null) {
            return failure;
        }
        long start = System.nanoTime();
        try {
            IValidationExecutorSet<IValidationSourceXML> set = executorSet.get();
            if (set == null) {
                throw new IllegalStateException("phive's registry has no executor set for it");
            }
            for (IValidationExecutor<IValidationSourceXML> executor : set.executors()) {
                compile(executor);
            }
            executors = List.copyOf(set.executors());
            // phive's name tells an invoice's set from its credit note's, which share the name reported.
            LOG.info("Compiled the rule set {} in {} ms: phive's {}", name, (System.nanoTime() - start) / 1_000_000,
                    set.getDisplayName());
        } catch (RuntimeException | LinkageError e) {
            // A LinkageError is a rule package or its engine missing from the classpath, or of another version.
            failure = "rule set " + name + " could not be compiled: " + e;
            LOG.warn("The rule set {} could not be compiled; its invoices are not validated: {}", name,
                    e.toString());
        }
        return failure;
    }

    private static void compile(IValidationExecutor<IValidationSourceXML> executor) {
        if (executor instanceof ValidationExecutorXSD xsd) {
            // XMLSchemaCache keeps the compiled schema for the executor, which asks it again on every validation.
            if (xsd.getSchemaProvider().get() == null) {
                throw new IllegalStateException(describe(executor) + " does not compile");
            }
        } else if (executor instanceof ValidationExecutorSchematron schematron) {
            if (!schematron.isCacheArtefact()) {
                throw new IllegalStateException(describe(executor) + " would be compiled anew for every invoice");
            }
            // The same resource, cache and URI resolver as the executor uses, but with the compiler's errors kept.
            CollectingTransformErrorListener errors = new CollectingTransformErrorListener();
            SchematronResourceXSLT resource = new SchematronResourceXSLT(
                    schematron.getValidationArtefact().getRuleResource());
            resource.setErrorListener(errors);
            resource.setUseCache(true);
            if (!resource.isValidSchematron()) {
                throw new IllegalStateException(describe(executor) + " does not compile: "
                        + errors.getErrorList().stream().filter(e -> e.getErrorLevel().isError())
                                .map(e -> e.getAsString(TEXTS)).collect(Collectors.joining("; ")));
            }
        } else {
            throw new IllegalStateException("unsupported executor " + describe(executor));
        }
    }

    private static String describe(IValidationExecutor<?> executor) {
        return executor.getValidationArtefact().getRuleResourcePath();
    }

    /** Validates one document; the rule set must be {@link #compile() compiled} without failure. */
    InvoiceValidation validate(Document document, BoundedXml bytes, String path) {
        List<IValidationExecutor<IValidationSourceXML>> compiled;
        synchronized (this) {
            compiled = executors;
        }
        if (compiled == null) {
            throw new IllegalStateException("rule set " + name + " is not compiled");
        }
        List<InvoiceValidation.Finding> errors = new ArrayList<>();
        List<InvoiceValidation.Finding> warnings = new ArrayList<>();
        // The schema reads the bytes, for line and column in its errors; the Schematron reads the reader's DOM.
        IValidationSourceXML tree = new ValidationSourceXML(path, document, false);
        IValidationSourceXML stream = new ValidationSourceXML(path, document, false) {
            @Override
            public Source getAsTransformSource() {
                return new StreamSource(bytes.open(), path);
            }
        };
        for (IValidationExecutor<IValidationSourceXML> executor : compiled) {
            boolean schema = executor instanceof ValidationExecutorXSD;
            ValidationResult result = executor.applyValidation(schema ? stream : tree, TEXTS);
            int errorsBefore = errors.size();
            for (IError error : result.getErrorList()) {
                boolean isError = error.getErrorLevel().isError();
                if (schema) {
                    (isError ? errors : warnings).add(new InvoiceValidation.Finding(InvoiceValidation.XSD_ERROR,
                            lineAndColumn(error.getErrorLocation()), schemaText(error.getErrorText(TEXTS))));
                } else if (error.getErrorID() != null) {
                    (isError ? errors : warnings).add(new InvoiceValidation.Finding(error.getErrorID(),
                            location(error.getErrorFieldName()), text(error.getErrorID(), error.getErrorText(TEXTS))));
                } else if (isError) {
                    // Not a rule's finding but the engine failing (a stylesheet error, a missing JAXB runtime).
                    String reason = "rule set " + name + " failed on this document: "
                            + error.getAsString(TEXTS);
                    LOG.warn("Invoice {} is not validated: {}", path, reason);
                    return InvoiceValidation.notValidated(name, reason);
                } else {
                    LOG.debug("Ignoring a message of the rule set {} on {}: {}", name, path,
                            error.getAsString(TEXTS));
                }
            }
            if (errors.size() > errorsBefore && executor.isStopValidationOnError()) {
                // As phive does: Schematron rules on a document that breaks its schema report noise.
                break;
            }
        }
        return InvoiceValidation.of(name, errors, warnings);
    }

    private static String lineAndColumn(ILocation location) {
        if (location == null || !location.hasLineNumber()) {
            return null;
        }
        return "line " + location.getLineNumber()
                + (location.hasColumnNumber() ? ", column " + location.getColumnNumber() : "");
    }

    /**
     * The rule set's XPath with the usual prefixes instead of namespace tests, and without the {@code [1]} that
     * every step carries: {@code /Invoice/cac:LegalMonetaryTotal}, {@code /Invoice/cac:InvoiceLine[2]/cbc:ID}.
     */
    static String location(String xpath) {
        if (xpath == null || xpath.isBlank()) {
            return null;
        }
        Matcher step = QUALIFIED_STEP.matcher(xpath);
        StringBuilder out = new StringBuilder();
        while (step.find()) {
            String prefix = PREFIXES.get(step.group(2));
            step.appendReplacement(out, Matcher.quoteReplacement(
                    prefix != null ? prefix + step.group(1) : step.group(0)));
        }
        step.appendTail(out);
        return out.toString().replace("[1]", "");
    }

    /** The schema validator's message with the usual prefixes instead of namespaces, without phive's "[SAX] ". */
    static String schemaText(String text) {
        if (text == null) {
            return null;
        }
        Matcher name = SCHEMA_NAME.matcher(text.startsWith("[SAX] ") ? text.substring(6) : text);
        StringBuilder out = new StringBuilder();
        while (name.find()) {
            String prefix = PREFIXES.get(name.group(1));
            name.appendReplacement(out, Matcher.quoteReplacement(
                    prefix != null ? prefix + name.group(2) : name.group(0)));
        }
        name.appendTail(out);
        return out.toString();
    }

    /** The text without the id some rule sets put in front of it: "[BR-CO-15]-Invoice total ...". */
    static String text(String id, String text) {
        if (text == null) {
            return null;
        }
        String head = "[" + id + "]";
        if (!text.startsWith(head)) {
            return text.trim();
        }
        String rest = text.substring(head.length());
        return rest.replaceFirst("^[\\s-]+", "").trim();
    }

    /** phive's registry of executor sets, filled with the rule packages on first use. */
    private static final class Registry {

        static final ValidationExecutorSetRegistry<IValidationSourceXML> INSTANCE = create();

        private static ValidationExecutorSetRegistry<IValidationSourceXML> create() {
            ValidationExecutorSetRegistry<IValidationSourceXML> registry = new ValidationExecutorSetRegistry<>();
            EN16931Validation.initEN16931(registry);
            // XRechnung derives from the EN 16931 sets registered just before.
            XRechnungValidation.initXRechnung(registry);
            PeppolValidation2024_05.init(registry);
            return registry;
        }
    }
}
