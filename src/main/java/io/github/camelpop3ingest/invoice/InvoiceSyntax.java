package io.github.camelpop3ingest.invoice;

import java.util.Optional;

/** The structured invoice syntaxes this package reads, each recognized by the namespace and name of its root element. */
public enum InvoiceSyntax {

    UBL_INVOICE("urn:oasis:names:specification:ubl:schema:xsd:Invoice-2", "Invoice", Invoice.UBL_INVOICE),
    UBL_CREDIT_NOTE("urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2", "CreditNote",
            Invoice.UBL_CREDIT_NOTE),
    CII("urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100", "CrossIndustryInvoice", Invoice.CII),
    ZUGFERD_1("urn:ferd:CrossIndustryDocument:invoice:1p0", "CrossIndustryDocument", Invoice.ZUGFERD_1);

    private final String namespace;
    private final String rootName;
    private final String format;

    InvoiceSyntax(String namespace, String rootName, String format) {
        this.namespace = namespace;
        this.rootName = rootName;
        this.format = format;
    }

    /** Namespace URI of the root element. */
    public String namespace() {
        return namespace;
    }

    /** Local name of the root element. */
    public String rootName() {
        return rootName;
    }

    /** The value of {@link Invoice#format()} for this syntax. */
    public String format() {
        return format;
    }

    /** The syntax whose root element has this namespace and local name, if any. */
    public static Optional<InvoiceSyntax> ofRoot(String namespace, String localName) {
        for (InvoiceSyntax syntax : values()) {
            if (syntax.namespace.equals(namespace) && syntax.rootName.equals(localName)) {
                return Optional.of(syntax);
            }
        }
        return Optional.empty();
    }
}
