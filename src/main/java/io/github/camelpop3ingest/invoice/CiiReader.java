package io.github.camelpop3ingest.invoice;

import java.util.Map;

/** Reads a UN/CEFACT Cross Industry Invoice D16B (Factur-X, ZUGFeRD 2.x, XRechnung CII) into an {@link Invoice}. */
final class CiiReader extends CrossIndustryReader {

    CiiReader() {
        super(InvoiceSyntax.CII, Map.of(
                "rsm", InvoiceSyntax.CII.namespace(),
                "ram", "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
                "udt", "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"));
    }

    @Override
    String guidelineIdPath() {
        // Only the guideline: XRechnung also fills BusinessProcessSpecifiedDocumentContextParameter (the Peppol process).
        return "rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID";
    }

    @Override
    String headerPath() {
        return "rsm:ExchangedDocument";
    }

    @Override
    String transactionPath() {
        return "rsm:SupplyChainTradeTransaction";
    }

    @Override
    String agreementName() {
        return "ram:ApplicableHeaderTradeAgreement";
    }

    @Override
    String settlementName() {
        return "ram:ApplicableHeaderTradeSettlement";
    }

    @Override
    String summationName() {
        return "ram:SpecifiedTradeSettlementHeaderMonetarySummation";
    }
}
