package io.github.camelpop3ingest.invoice;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Reads a UBL 2.1 Invoice or CreditNote (EN 16931, Peppol BIS 3, XRechnung UBL) into an {@link Invoice}. */
final class UblReader {

    private static final Map<String, String> NAMESPACES = Map.of(
            "cac", "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
            "cbc", "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2");

    /** UBL's CreditNoteTypeCode is optional; a credit note without one is a commercial credit note. */
    private static final String DEFAULT_CREDIT_NOTE_TYPE = "381";

    private final DomQuery query = new DomQuery(NAMESPACES);

    Invoice read(Document document, String path, InvoiceSyntax syntax) {
        boolean creditNote = syntax == InvoiceSyntax.UBL_CREDIT_NOTE;
        Element root = document.getDocumentElement();
        List<String> problems = new ArrayList<>();

        String customizationId = query.text(root, "cbc:CustomizationID");
        String typeCode = creditNote ? query.text(root, "cbc:CreditNoteTypeCode") : query.text(root, "cbc:InvoiceTypeCode");
        if (typeCode == null && creditNote) {
            typeCode = DEFAULT_CREDIT_NOTE_TYPE;
        }
        String currency = query.text(root, "cbc:DocumentCurrencyCode");
        // A credit note has no DueDate of its own in UBL 2.1; its due date is the payment means' one.
        String dueDate = InvoiceValues.isoDate("dueDate",
                query.firstText(root, "cbc:DueDate", "cac:PaymentMeans/cbc:PaymentDueDate"), problems);

        String number = query.text(root, "cbc:ID");
        String issueDate = InvoiceValues.isoDate("issueDate", query.text(root, "cbc:IssueDate"), problems);
        InvoiceParty seller = party(query.first(root, "cac:AccountingSupplierParty/cac:Party"));
        InvoiceTotals totals = totals(root, currency, problems);
        InvoiceValues.requireCore(number, issueDate, currency, seller, totals, problems);
        return new Invoice(
                syntax.format(),
                customizationId,
                InvoiceProfiles.label(customizationId),
                typeCode,
                number,
                issueDate,
                dueDate,
                currency,
                seller,
                party(query.first(root, "cac:AccountingCustomerParty/cac:Party")),
                totals,
                query.elements(root, creditNote ? "cac:CreditNoteLine" : "cac:InvoiceLine").size(),
                path,
                !problems.isEmpty(),
                null,
                problems);
    }

    private InvoiceParty party(Element party) {
        if (party == null) {
            return null;
        }
        InvoiceParty result = new InvoiceParty(
                // BT-27/BT-44 is the legal registration name; the trading name is the fallback some senders fill only.
                query.firstText(party, "cac:PartyLegalEntity/cbc:RegistrationName", "cac:PartyName/cbc:Name"),
                query.text(party, "cac:PartyTaxScheme[normalize-space(cac:TaxScheme/cbc:ID)='VAT']/cbc:CompanyID"),
                // A PartyIdentification with scheme SEPA is the bank-assigned creditor identifier (BT-90), not the party's.
                query.firstText(party, "cac:PartyIdentification/cbc:ID[not(normalize-space(@schemeID)='SEPA')]",
                        "cac:PartyLegalEntity/cbc:CompanyID", "cbc:EndpointID"));
        return result.isEmpty() ? null : result;
    }

    private InvoiceTotals totals(Element root, String currency, List<String> problems) {
        Element monetary = query.first(root, "cac:LegalMonetaryTotal");
        InvoiceTotals totals = new InvoiceTotals(
                InvoiceValues.amount("net", query.text(monetary, "cbc:TaxExclusiveAmount"), problems),
                InvoiceValues.amount("tax", taxAmount(root, currency), problems),
                InvoiceValues.amount("gross", query.text(monetary, "cbc:TaxInclusiveAmount"), problems),
                InvoiceValues.amount("prepaid", query.text(monetary, "cbc:PrepaidAmount"), problems),
                InvoiceValues.amount("payable", query.text(monetary, "cbc:PayableAmount"), problems));
        return totals.isEmpty() ? null : totals;
    }

    /**
     * The tax total in the document currency: with a TaxCurrencyCode, a second TaxTotal carries the same tax in the
     * tax currency (BT-111) and must not be taken for the invoice's (BT-110).
     */
    private String taxAmount(Element root, String currency) {
        List<Element> amounts = query.elements(root, "cac:TaxTotal/cbc:TaxAmount");
        for (Element amount : amounts) {
            if (currency != null && currency.equals(DomQuery.attribute(amount, "currencyID"))) {
                return DomQuery.trimmed(amount.getTextContent());
            }
        }
        return amounts.isEmpty() ? null : DomQuery.trimmed(amounts.get(0).getTextContent());
    }
}
