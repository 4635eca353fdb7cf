package io.github.camelpop3ingest.invoice;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Namespace-aware look-ups on one invoice DOM along child paths, returning trimmed text or null for absent or blank
 * values.
 * <p>
 * The readers need only a small part of XPath: child steps such as {@code cac:Party/cbc:Name}, and a step may carry
 * one predicate {@code [normalize-space(X)='v']} or {@code [not(normalize-space(X)='v')]}, where X is a child path or
 * {@code @attribute}. That part is evaluated here by walking the DOM. The JDK's XPath engine builds a document table
 * and a variable stack per evaluation; on a mailbox of invoices it cost more CPU, and more JIT compilation, than
 * parsing the XML (issue 6, JFR). An expression outside that part fails at its first use, naming it.
 */
final class DomQuery {

    private final Map<String, String> namespaces;
    private final Map<String, List<Step>> compiled = new ConcurrentHashMap<>();

    DomQuery(Map<String, String> namespaces) {
        this.namespaces = Map.copyOf(namespaces);
    }

    /** The trimmed text of the first element the path selects, or null. */
    String text(Node context, String expression) {
        Node node = first(context, expression);
        return node == null ? null : trimmed(node.getTextContent());
    }

    /** The text of the first expression that yields a value, or null. */
    String firstText(Node context, String... expressions) {
        for (String expression : expressions) {
            String value = text(context, expression);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    Element first(Node context, String expression) {
        if (context == null) {
            return null;
        }
        List<Element> found = elements(context, expression);
        return found.isEmpty() ? null : found.get(0);
    }

    /** Every element the path selects, in document order. */
    List<Element> elements(Node context, String expression) {
        if (context == null) {
            return List.of();
        }
        List<Step> steps = compiled.computeIfAbsent(expression, this::compile);
        List<Element> current = new ArrayList<>();
        select(context, steps, 0, current);
        return current;
    }

    private static void select(Node context, List<Step> steps, int index, List<Element> out) {
        Step step = steps.get(index);
        for (Node child = context.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && step.matches(element)) {
                if (index == steps.size() - 1) {
                    out.add(element);
                } else {
                    select(element, steps, index + 1, out);
                }
            }
        }
    }

    static String trimmed(String text) {
        if (text == null) {
            return null;
        }
        String value = text.strip();
        return value.isEmpty() ? null : value;
    }

    static String attribute(Element element, String name) {
        return element == null || !element.hasAttribute(name) ? null : trimmed(element.getAttribute(name));
    }

    /** XPath's normalize-space: white space trimmed at both ends and each inner run made one space. */
    static String normalizeSpace(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        boolean space = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                space = sb.length() > 0;
            } else {
                if (space) {
                    sb.append(' ');
                    space = false;
                }
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private List<Step> compile(String expression) {
        List<Step> steps = new ArrayList<>();
        int i = 0;
        while (i < expression.length()) {
            int end = stepEnd(expression, i);
            steps.add(step(expression, expression.substring(i, end)));
            i = end + 1;
        }
        if (steps.isEmpty()) {
            throw unsupported(expression);
        }
        return List.copyOf(steps);
    }

    /** Where the step starting at {@code from} ends: the next '/' outside brackets and quotes, or the end. */
    private static int stepEnd(String expression, int from) {
        int depth = 0;
        boolean quoted = false;
        for (int i = from; i < expression.length(); i++) {
            char c = expression.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && c == '[') {
                depth++;
            } else if (!quoted && c == ']') {
                depth--;
            } else if (!quoted && depth == 0 && c == '/') {
                return i;
            }
        }
        return expression.length();
    }

    private Step step(String expression, String text) {
        int bracket = text.indexOf('[');
        String name = bracket < 0 ? text : text.substring(0, bracket);
        Predicate predicate = null;
        if (bracket >= 0) {
            if (!text.endsWith("]")) {
                throw unsupported(expression);
            }
            predicate = predicate(expression, text.substring(bracket + 1, text.length() - 1));
        }
        int colon = name.indexOf(':');
        String namespace = colon < 0 ? null : namespaces.get(name.substring(0, colon));
        if (colon < 0 || namespace == null || name.length() == colon + 1) {
            throw unsupported(expression);
        }
        return new Step(namespace, name.substring(colon + 1), predicate);
    }

    private Predicate predicate(String expression, String text) {
        boolean negated = text.startsWith("not(") && text.endsWith(")");
        String condition = negated ? text.substring(4, text.length() - 1) : text;
        String prefix = "normalize-space(";
        int close = condition.indexOf(")='");
        if (!condition.startsWith(prefix) || close < 0 || !condition.endsWith("'")) {
            throw unsupported(expression);
        }
        String operand = condition.substring(prefix.length(), close);
        String value = condition.substring(close + 3, condition.length() - 1);
        if (operand.startsWith("@")) {
            return new Predicate(operand.substring(1), null, value, negated);
        }
        return new Predicate(null, compile(operand), value, negated);
    }

    private static IllegalStateException unsupported(String expression) {
        return new IllegalStateException("Built-in invoice path '" + expression + "' is outside what DomQuery "
                + "evaluates (child steps prefix:Name, one [normalize-space(...)='...'] or [not(...)] predicate)");
    }

    private record Step(String namespace, String localName, Predicate predicate) {

        boolean matches(Element element) {
            return localName.equals(element.getLocalName()) && namespace.equals(element.getNamespaceURI())
                    && (predicate == null || predicate.test(element));
        }
    }

    /** normalize-space(@attribute or child path) = value, or its negation. */
    private record Predicate(String attribute, List<Step> path, String value, boolean negated) {

        boolean test(Element element) {
            String operand;
            if (attribute != null) {
                operand = element.getAttribute(attribute);
            } else {
                List<Element> found = new ArrayList<>();
                select(element, path, 0, found);
                operand = found.isEmpty() ? "" : found.get(0).getTextContent();
            }
            return value.equals(normalizeSpace(operand)) != negated;
        }
    }
}
