package io.github.camelpop3ingest.invoice;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;

/** Checks and converts the values every reader shares (dates, amounts, mandatory fields), noting problems in a list. */
final class InvoiceValues {

    /** The amount pattern of {@code invoice-1.schema.json}; EN 16931 amounts are plain decimals with a point. */
    static final Pattern AMOUNT = Pattern.compile("^-?[0-9]+(\\.[0-9]+)?$");

    /** xsd:date may carry a time zone ("2019-01-25Z"); the calendar date is what the invoice means. */
    private static final Pattern ISO_DATE = Pattern.compile("^(\\d{4}-\\d{2}-\\d{2})(Z|[+-]\\d{2}:\\d{2})?$");

    private static final Pattern FORMAT_102 = Pattern.compile("^(\\d{4})(\\d{2})(\\d{2})$");

    private InvoiceValues() {}

    /** A UBL date (already ISO), or null with a problem when it is not a real yyyy-MM-dd date. */
    static String isoDate(String field, String text, List<String> problems) {
        if (text == null) {
            return null;
        }
        var matcher = ISO_DATE.matcher(text);
        return matcher.matches() ? validDate(field, matcher.group(1), text, problems)
                : invalidDate(field, text, problems);
    }

    /** A CII date in UN/CEFACT format 102 ({@code 20200115}), converted to ISO; other formats are a problem. */
    static String format102Date(String field, String text, String format, List<String> problems) {
        if (text == null) {
            return null;
        }
        if (format != null && !format.equals("102")) {
            problems.add(field + ": date format " + abbreviate(format) + " is not 102 (yyyyMMdd): '"
                    + abbreviate(text) + "'");
            return null;
        }
        var matcher = FORMAT_102.matcher(text);
        if (!matcher.matches()) {
            return invalidDate(field, text, problems);
        }
        return validDate(field, matcher.group(1) + "-" + matcher.group(2) + "-" + matcher.group(3), text, problems);
    }

    /** The amount text unchanged when it is a plain decimal; otherwise null and a problem quoting it. */
    static String amount(String field, String text, List<String> problems) {
        if (text == null) {
            return null;
        }
        if (AMOUNT.matcher(text).matches()) {
            return text;
        }
        problems.add(field + ": '" + abbreviate(text) + "' is not a plain decimal amount");
        return null;
    }

    /** Notes the fields a consumer needs to book an invoice (EN 16931 BT-1, BT-2, BT-5, BT-27, BT-115). */
    static void requireCore(String number, String issueDate, String currency, InvoiceParty seller,
            InvoiceTotals totals, List<String> problems) {
        require(number, "number (BT-1) is missing", problems);
        require(issueDate, "issueDate (BT-2) is missing", problems);
        require(currency, "currency (BT-5) is missing", problems);
        require(seller == null ? null : seller.name(), "seller name (BT-27) is missing", problems);
        require(totals == null ? null : totals.payable(), "payable amount (BT-115) is missing", problems);
    }

    private static void require(String value, String problem, List<String> problems) {
        if (value == null) {
            problems.add(problem);
        }
    }

    private static String validDate(String field, String iso, String text, List<String> problems) {
        try {
            LocalDate.parse(iso);
            return iso;
        } catch (DateTimeParseException e) {
            return invalidDate(field, text, problems);
        }
    }

    private static String invalidDate(String field, String text, List<String> problems) {
        problems.add(field + ": '" + abbreviate(text) + "' is not a valid date");
        return null;
    }

    /** Quoted document text stays short: a hostile value must not blow up the problem list. */
    static String abbreviate(String text) {
        String oneLine = text.replaceAll("[\\r\\n\\t]+", " ");
        return oneLine.length() <= 80 ? oneLine : oneLine.substring(0, 77) + "...";
    }
}
