package io.github.camelpop3ingest.invoice;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.namespace.NamespaceContext;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** Namespace-aware XPath look-ups on one invoice DOM, returning trimmed text or null for absent or blank values. */
final class DomQuery {

    private final XPath xpath;

    DomQuery(Map<String, String> namespaces) {
        // A fresh XPath per document: XPath objects are not thread-safe, and the default factory needs no lookup.
        this.xpath = XPathFactory.newDefaultInstance().newXPath();
        this.xpath.setNamespaceContext(new Prefixes(namespaces));
    }

    /** The trimmed text of the first node the expression selects, or null. */
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

    List<Element> elements(Node context, String expression) {
        if (context == null) {
            return List.of();
        }
        try {
            NodeList nodes = (NodeList) xpath.evaluate(expression, context, XPathConstants.NODESET);
            List<Element> out = new ArrayList<>(nodes.getLength());
            for (int i = 0; i < nodes.getLength(); i++) {
                if (nodes.item(i) instanceof Element element) {
                    out.add(element);
                }
            }
            return out;
        } catch (XPathExpressionException e) {
            throw new IllegalStateException("Invalid built-in XPath expression " + expression, e);
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

    private record Prefixes(Map<String, String> namespaces) implements NamespaceContext {

        @Override
        public String getNamespaceURI(String prefix) {
            return namespaces.getOrDefault(prefix, XMLConstants.NULL_NS_URI);
        }

        @Override
        public String getPrefix(String namespaceUri) {
            return namespaces.entrySet().stream().filter(e -> e.getValue().equals(namespaceUri))
                    .map(Map.Entry::getKey).findFirst().orElse(null);
        }

        @Override
        public Iterator<String> getPrefixes(String namespaceUri) {
            return namespaces.entrySet().stream().filter(e -> e.getValue().equals(namespaceUri))
                    .map(Map.Entry::getKey).iterator();
        }
    }
}
