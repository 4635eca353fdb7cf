package io.github.camelpop3ingest.invoice;

import java.util.Locale;
import java.util.Optional;

import com.helger.diver.api.coord.DVRCoordinate;
import com.helger.phive.en16931.EN16931Validation;
import com.helger.phive.peppol.PeppolValidation2024_05;
import com.helger.phive.xrechnung.XRechnungValidation;

/**
 * The rule sets of phive's rule packages that invoices are validated against, and which one a document's syntax and
 * customization id (BT-24) call for.
 */
enum InvoiceRuleSet {

    XRECHNUNG_UBL_INVOICE("XRechnung 3.0.2 (UBL)", XRechnungValidation.VID_XRECHNUNG_UBL_INVOICE_302),
    XRECHNUNG_UBL_CREDIT_NOTE("XRechnung 3.0.2 (UBL)", XRechnungValidation.VID_XRECHNUNG_UBL_CREDITNOTE_302),
    XRECHNUNG_CII("XRechnung 3.0.2 (CII)", XRechnungValidation.VID_XRECHNUNG_CII_302),
    // phive's Peppol release 2024.5, "aka BIS Billing 3.0.17"; Peppol BIS exists for UBL only.
    PEPPOL_UBL_INVOICE("Peppol BIS Billing 3.0.17 (UBL)", PeppolValidation2024_05.VID_OPENPEPPOL_INVOICE_UBL_V3),
    PEPPOL_UBL_CREDIT_NOTE("Peppol BIS Billing 3.0.17 (UBL)",
            PeppolValidation2024_05.VID_OPENPEPPOL_CREDIT_NOTE_UBL_V3),
    EN16931_UBL_INVOICE("EN 16931 1.3.12 (UBL)", EN16931Validation.VID_UBL_INVOICE_1312),
    EN16931_UBL_CREDIT_NOTE("EN 16931 1.3.12 (UBL)", EN16931Validation.VID_UBL_CREDIT_NOTE_1312),
    EN16931_CII("EN 16931 1.3.12 (CII)", EN16931Validation.VID_CII_1312);

    private static final String EN16931 = "urn:cen.eu:en16931:2017";
    private static final String XRECHNUNG = "urn:xeinkauf.de:kosit:xrechnung";
    private static final String PEPPOL_BILLING = "urn:fdc:peppol.eu:2017:poacc:billing:3.0";

    private final String displayName;
    private final DVRCoordinate coordinate;

    InvoiceRuleSet(String displayName, DVRCoordinate coordinate) {
        this.displayName = displayName;
        this.coordinate = coordinate;
    }

    /** Name and version as reported in {@link InvoiceValidation#ruleSet()}. */
    String displayName() {
        return displayName;
    }

    /** The id of the validation executor set in phive's registry. */
    DVRCoordinate coordinate() {
        return coordinate;
    }

    /**
     * The rule set for a document: XRechnung when its id names XRechnung (the extension included), Peppol BIS for a
     * UBL document whose id names Peppol BIS Billing, EN 16931 for any other that claims EN 16931 (Factur-X and
     * ZUGFeRD 2 profiles BASIC, EN16931 and EXTENDED among them: phive has no Factur-X rules of their own); empty
     * for ZUGFeRD 1.0 and for ids that claim no EN 16931 conformance, see {@link #whyNone}.
     */
    static Optional<InvoiceRuleSet> forDocument(InvoiceSyntax syntax, String customizationId) {
        if (syntax == InvoiceSyntax.ZUGFERD_1 || customizationId == null) {
            return Optional.empty();
        }
        String id = customizationId.trim().toLowerCase(Locale.ROOT);
        boolean creditNote = syntax == InvoiceSyntax.UBL_CREDIT_NOTE;
        boolean cii = syntax == InvoiceSyntax.CII;
        if (id.contains(XRECHNUNG)) {
            return Optional.of(cii ? XRECHNUNG_CII : creditNote ? XRECHNUNG_UBL_CREDIT_NOTE : XRECHNUNG_UBL_INVOICE);
        }
        if (id.contains(PEPPOL_BILLING) && !cii) {
            return Optional.of(creditNote ? PEPPOL_UBL_CREDIT_NOTE : PEPPOL_UBL_INVOICE);
        }
        if (id.startsWith(EN16931)) {
            return Optional.of(cii ? EN16931_CII : creditNote ? EN16931_UBL_CREDIT_NOTE : EN16931_UBL_INVOICE);
        }
        return Optional.empty();
    }

    /** Why {@link #forDocument} found no rule set for this document, for {@link InvoiceValidation#reason()}. */
    static String whyNone(InvoiceSyntax syntax, String customizationId) {
        if (syntax == InvoiceSyntax.ZUGFERD_1) {
            return "ZUGFeRD 1.0 predates EN 16931 and has no maintained rule set";
        }
        if (customizationId == null || customizationId.isBlank()) {
            return "the document names no specification identifier (BT-24), so no rule set applies";
        }
        String profile = InvoiceProfiles.label(customizationId);
        String what = profile != null ? profile + " (" + customizationId.trim() + ")" : "'" + customizationId.trim()
                + "'";
        return "no rule set for " + what + ": it claims no EN 16931 conformance and phive has no rules of its own "
                + "for it";
    }
}
