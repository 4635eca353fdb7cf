package io.github.camelpop3ingest.invoice;

import java.util.Map;

/** Reads a ZUGFeRD 1.0 {@code CrossIndustryDocument} (profiles BASIC, COMFORT, EXTENDED) into an {@link Invoice}. */
final class Zugferd1Reader extends CrossIndustryReader {

    Zugferd1Reader() {
        // ZUGFeRD 1.0 builds on the older UN/CEFACT libraries: ReusableAggregate... version 12, UnqualifiedDataType 15.
        super(InvoiceSyntax.ZUGFERD_1, Map.of(
                "rsm", InvoiceSyntax.ZUGFERD_1.namespace(),
                "ram", "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:12",
                "udt", "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:15"));
    }

    @Override
    String guidelineIdPath() {
        return "rsm:SpecifiedExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID";
    }

    @Override
    String headerPath() {
        return "rsm:HeaderExchangedDocument";
    }

    @Override
    String transactionPath() {
        return "rsm:SpecifiedSupplyChainTradeTransaction";
    }

    @Override
    String agreementName() {
        return "ram:ApplicableSupplyChainTradeAgreement";
    }

    @Override
    String settlementName() {
        return "ram:ApplicableSupplyChainTradeSettlement";
    }

    @Override
    String summationName() {
        return "ram:SpecifiedTradeSettlementMonetarySummation";
    }
}
