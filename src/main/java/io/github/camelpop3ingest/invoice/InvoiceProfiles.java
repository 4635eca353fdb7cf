package io.github.camelpop3ingest.invoice;

import java.util.Locale;

/** Derives a short human label (EN16931, XRECHNUNG, PEPPOL BIS 3, FACTUR-X BASIC, ...) from a specification identifier. */
final class InvoiceProfiles {

    private static final String EN16931 = "urn:cen.eu:en16931:2017";

    private InvoiceProfiles() {}

    /** The label for a UBL CustomizationID or CII guideline ID, or null when the identifier is unknown. */
    static String label(String customizationId) {
        if (customizationId == null) {
            return null;
        }
        String id = customizationId.toLowerCase(Locale.ROOT);
        if (id.contains("urn:xeinkauf.de:kosit:extension:xrechnung")) {
            return "XRECHNUNG EXTENSION";
        }
        if (id.contains("urn:xeinkauf.de:kosit:xrechnung")) {
            return "XRECHNUNG";
        }
        if (id.contains("urn:fdc:peppol.eu:2017:poacc:billing:3.0")) {
            return "PEPPOL BIS 3";
        }
        if (id.startsWith("urn:ferd:crossindustrydocument:invoice:1p0:")) {
            return "ZUGFERD 1 " + id.substring(id.lastIndexOf(':') + 1).toUpperCase(Locale.ROOT);
        }
        String facturX = after(id, "urn:factur-x.eu:1p0:");
        if (facturX != null && level(facturX) != null) {
            return "FACTUR-X " + level(facturX);
        }
        // ZUGFeRD 2 carries its minor version before the level: "urn:zugferd.de:2p0:basic".
        String zugferd2 = after(id, "urn:zugferd.de:2p");
        if (zugferd2 != null && level(zugferd2.substring(zugferd2.indexOf(':') + 1)) != null) {
            return "ZUGFERD 2 " + level(zugferd2.substring(zugferd2.indexOf(':') + 1));
        }
        // Factur-X and ZUGFeRD 2 use the bare EN 16931 identifier for their EN16931 profile.
        return id.startsWith(EN16931) ? "EN16931" : null;
    }

    /** The rest of the identifier after a prefix, up to the next '#', or null when the prefix is absent. */
    private static String after(String id, String prefix) {
        int at = id.indexOf(prefix);
        if (at < 0) {
            return null;
        }
        String rest = id.substring(at + prefix.length());
        int end = rest.indexOf('#');
        return end < 0 ? rest : rest.substring(0, end);
    }

    private static String level(String name) {
        return switch (name) {
            case "minimum" -> "MINIMUM";
            case "basicwl" -> "BASIC WL";
            case "basic" -> "BASIC";
            case "extended" -> "EXTENDED";
            case "en16931", "comfort" -> "EN16931";
            case "xrechnung" -> "XRECHNUNG";
            default -> null;
        };
    }
}
