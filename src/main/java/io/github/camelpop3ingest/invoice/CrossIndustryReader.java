package io.github.camelpop3ingest.invoice;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Reads the UN/CEFACT cross-industry family, whose versions differ only in namespaces and the names of a few
 * containers; a subclass names them for its version.
 */
abstract class CrossIndustryReader {

    private final InvoiceSyntax syntax;
    private final DomQuery query;

    CrossIndustryReader(InvoiceSyntax syntax, Map<String, String> namespaces) {
        this.syntax = syntax;
        this.query = new DomQuery(namespaces);
    }

    /** Path from the root to the guideline parameter's ID (the specification identifier). */
    abstract String guidelineIdPath();

    /** Path from the root to the document header (number, type code, issue date). */
    abstract String headerPath();

    /** Path from the root to the trade transaction holding lines, agreement and settlement. */
    abstract String transactionPath();

    /** Name of the agreement container (seller and buyer) inside the transaction. */
    abstract String agreementName();

    /** Name of the settlement container (currency, terms, totals) inside the transaction. */
    abstract String settlementName();

    /** Name of the document totals container inside the settlement. */
    abstract String summationName();

    final Invoice read(Document document, String path) {
        Element root = document.getDocumentElement();
        List<String> problems = new ArrayList<>();
        Element header = query.first(root, headerPath());
        Element transaction = query.first(root, transactionPath());
        Element agreement = query.first(transaction, agreementName());
        Element settlement = query.first(transaction, settlementName());

        String customizationId = query.text(root, guidelineIdPath());
        String number = query.text(header, "ram:ID");
        String issueDate = date("issueDate", query.first(header, "ram:IssueDateTime/udt:DateTimeString"), problems);
        String dueDate = date("dueDate",
                query.first(settlement, "ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/udt:DateTimeString"),
                problems);
        String currency = query.text(settlement, "ram:InvoiceCurrencyCode");
        InvoiceParty seller = party(query.first(agreement, "ram:SellerTradeParty"));
        InvoiceTotals totals = totals(query.first(settlement, summationName()), currency, problems);
        InvoiceValues.requireCore(number, issueDate, currency, seller, totals, problems);
        return new Invoice(
                syntax.format(),
                customizationId,
                InvoiceProfiles.label(customizationId),
                query.text(header, "ram:TypeCode"),
                number,
                issueDate,
                dueDate,
                currency,
                seller,
                party(query.first(agreement, "ram:BuyerTradeParty")),
                totals,
                query.elements(transaction, "ram:IncludedSupplyChainTradeLineItem").size(),
                path,
                !problems.isEmpty(),
                null,
                problems);
    }

    private String date(String field, Element dateTimeString, List<String> problems) {
        if (dateTimeString == null) {
            return null;
        }
        return InvoiceValues.format102Date(field, DomQuery.trimmed(dateTimeString.getTextContent()),
                DomQuery.attribute(dateTimeString, "format"), problems);
    }

    private InvoiceParty party(Element party) {
        if (party == null) {
            return null;
        }
        InvoiceParty result = new InvoiceParty(
                query.text(party, "ram:Name"),
                query.text(party, "ram:SpecifiedTaxRegistration/ram:ID[normalize-space(@schemeID)='VA']"),
                query.firstText(party, "ram:ID", "ram:GlobalID", "ram:SpecifiedLegalOrganization/ram:ID",
                        "ram:URIUniversalCommunication/ram:URIID"));
        return result.isEmpty() ? null : result;
    }

    private InvoiceTotals totals(Element summation, String currency, List<String> problems) {
        if (summation == null) {
            return null;
        }
        InvoiceTotals totals = new InvoiceTotals(
                InvoiceValues.amount("net", query.text(summation, "ram:TaxBasisTotalAmount"), problems),
                InvoiceValues.amount("tax", taxTotal(summation, currency), problems),
                InvoiceValues.amount("gross", query.text(summation, "ram:GrandTotalAmount"), problems),
                InvoiceValues.amount("prepaid", query.text(summation, "ram:TotalPrepaidAmount"), problems),
                InvoiceValues.amount("payable", query.text(summation, "ram:DuePayableAmount"), problems));
        return totals.isEmpty() ? null : totals;
    }

    /**
     * The tax total in the invoice currency: with a tax currency (BT-6) the summation repeats TaxTotalAmount in that
     * currency, and only the one in the invoice currency is BT-110.
     */
    private String taxTotal(Element summation, String currency) {
        List<Element> amounts = query.elements(summation, "ram:TaxTotalAmount");
        for (Element amount : amounts) {
            if (currency != null && currency.equals(DomQuery.attribute(amount, "currencyID"))) {
                return DomQuery.trimmed(amount.getTextContent());
            }
        }
        for (Element amount : amounts) {
            if (DomQuery.attribute(amount, "currencyID") == null) {
                return DomQuery.trimmed(amount.getTextContent());
            }
        }
        return amounts.isEmpty() ? null : DomQuery.trimmed(amounts.get(0).getTextContent());
    }
}
