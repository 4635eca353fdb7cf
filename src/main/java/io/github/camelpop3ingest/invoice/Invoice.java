package io.github.camelpop3ingest.invoice;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One e-invoice or credit note normalized across syntaxes; see {@code schema/invoice-1.schema.json} for the meaning
 * of every field.
 */
@JsonPropertyOrder({"format", "customizationId", "profile", "typeCode", "number", "issueDate", "dueDate", "currency",
        "seller", "buyer", "totals", "lineCount", "path", "needsReview", "duplicateOf", "problems", "validation"})
public record Invoice(
        String format,
        String customizationId,
        String profile,
        String typeCode,
        String number,
        String issueDate,
        String dueDate,
        String currency,
        InvoiceParty seller,
        InvoiceParty buyer,
        InvoiceTotals totals,
        int lineCount,
        String path,
        Boolean needsReview,
        String duplicateOf,
        List<String> problems,
        InvoiceValidation validation) {

    /** {@link #format()} of a UBL 2.1 {@code Invoice}. */
    public static final String UBL_INVOICE = "UBL 2.1 Invoice";

    /** {@link #format()} of a UBL 2.1 {@code CreditNote}. */
    public static final String UBL_CREDIT_NOTE = "UBL 2.1 CreditNote";

    /** {@link #format()} of a UN/CEFACT Cross Industry Invoice D16B (Factur-X, ZUGFeRD 2.x, XRechnung CII). */
    public static final String CII = "UN/CEFACT CII D16B";

    /** {@link #format()} of a ZUGFeRD 1.0 {@code CrossIndustryDocument}. */
    public static final String ZUGFERD_1 = "ZUGFeRD 1.0";

    /** {@link #format()} of a PDF that carries no structured invoice; set by PDF extraction, never by this package. */
    public static final String PDF_CANDIDATE = "PDF without structured data";

    /** {@code problems} is never null so that consumers and the schema can rely on an array. */
    public Invoice {
        problems = problems == null ? List.of() : List.copyOf(problems);
    }

    /** An invoice that was not validated ({@link #validation()} null), as the readers and PDF extraction make it. */
    public Invoice(String format, String customizationId, String profile, String typeCode, String number,
            String issueDate, String dueDate, String currency, InvoiceParty seller, InvoiceParty buyer,
            InvoiceTotals totals, int lineCount, String path, Boolean needsReview, String duplicateOf,
            List<String> problems) {
        this(format, customizationId, profile, typeCode, number, issueDate, dueDate, currency, seller, buyer, totals,
                lineCount, path, needsReview, duplicateOf, problems, null);
    }

    /** This invoice with {@link #validation()} set. */
    public Invoice withValidation(InvoiceValidation result) {
        return new Invoice(format, customizationId, profile, typeCode, number, issueDate, dueDate, currency, seller,
                buyer, totals, lineCount, path, needsReview, duplicateOf, problems, result);
    }

    /** This invoice with {@link #duplicateOf()} set. */
    public Invoice withDuplicateOf(String firstMessage) {
        return new Invoice(format, customizationId, profile, typeCode, number, issueDate, dueDate, currency, seller,
                buyer, totals, lineCount, path, needsReview, firstMessage, problems, validation);
    }

    /** An invoice of a known syntax whose content could not be read at all; only format, path and problems are set. */
    static Invoice unreadable(String format, String path, String problem) {
        return new Invoice(format, null, null, null, null, null, null, null, null, null, null, 0, path, true, null,
                List.of(problem));
    }
}
