package io.github.camelpop3ingest.invoice;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The outcome of validating one structured invoice against the rules that apply to it; see {@code validation} in
 * {@code schema/invoice-1.schema.json}.
 *
 * @param status valid (no errors), invalid (at least one error) or not-validated (no rule set applies, or the rule
 *     set could not be used; {@code reason} says which)
 * @param ruleSet name and version of the rule set applied, e.g. {@code XRechnung 3.0.2 (UBL)}; null when none was
 * @param errors the broken rules, in the order the rule set reports them; never null
 * @param warnings what the rule set flags as warnings; never null
 * @param reason why the invoice was not validated; null unless the status is not-validated
 */
@JsonPropertyOrder({"status", "ruleSet", "errors", "warnings", "reason"})
public record InvoiceValidation(Status status, String ruleSet, List<Finding> errors, List<Finding> warnings,
        String reason) {

    /** {@link Finding#id()} of a schema (XSD) error; the XSD has no rule identifiers of its own. */
    public static final String XSD_ERROR = "XSD";

    /** {@link Finding#id()} of a document that could not be read as XML: not well-formed, refused, or too large. */
    public static final String XML_ERROR = "XML";

    /** The three outcomes, written in JSON as valid, invalid and not-validated. */
    public enum Status {
        VALID("valid"),
        INVALID("invalid"),
        NOT_VALIDATED("not-validated");

        private final String json;

        Status(String json) {
            this.json = json;
        }

        @JsonValue
        public String json() {
            return json;
        }
    }

    /**
     * One broken rule or warning.
     *
     * @param id the rule's identifier as the rule set names it (BR-CO-15, BR-DE-15, PEPPOL-EN16931-R001), or
     *     {@value #XSD_ERROR} or {@value #XML_ERROR}
     * @param location where in the document: an XPath such as {@code /Invoice/cac:LegalMonetaryTotal} for a rule,
     *     {@code line 12, column 7} for a schema error; null when the rule set gives none
     * @param text the rule's message, without the identifier some rule sets repeat in front of it
     */
    @JsonPropertyOrder({"id", "location", "text"})
    public record Finding(String id, String location, String text) {
    }

    public InvoiceValidation {
        Objects.requireNonNull(status, "status");
        errors = errors == null ? List.of() : List.copyOf(errors);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** Valid when the rule set reported no error, invalid otherwise. */
    static InvoiceValidation of(String ruleSet, List<Finding> errors, List<Finding> warnings) {
        return new InvoiceValidation(errors.isEmpty() ? Status.VALID : Status.INVALID, ruleSet, errors, warnings,
                null);
    }

    /** Not validated, for {@code reason}; {@code ruleSet} names the rule set that could not be used, if any. */
    static InvoiceValidation notValidated(String ruleSet, String reason) {
        return new InvoiceValidation(Status.NOT_VALIDATED, ruleSet, List.of(), List.of(),
                Objects.requireNonNull(reason, "reason"));
    }

    /** Invalid before any rule set could look at it: the document is not XML that can be read within the limits. */
    static InvoiceValidation unreadable(String problem) {
        return new InvoiceValidation(Status.INVALID, null, List.of(new Finding(XML_ERROR, null, problem)), List.of(),
                null);
    }
}
