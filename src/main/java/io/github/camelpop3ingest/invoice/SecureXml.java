package io.github.camelpop3ingest.invoice;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.w3c.dom.Document;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Parses untrusted XML into a namespace-aware DOM with no DOCTYPE, no external entities or DTDs, no XInclude, the
 * JDK's secure-processing limits and a limit on element nesting.
 */
final class SecureXml {

    /**
     * The JDK parser's own limit on element depth, checked while it parses, so that it costs nothing; the root
     * element is at depth 1. The JDK takes this name for the API property as well as for the system property.
     */
    private static final String MAX_ELEMENT_DEPTH = "jdk.xml.maxElementDepth";

    /** The JDK's message key for a document over {@link #MAX_ELEMENT_DEPTH}, the start of its error message. */
    private static final String DEPTH_ERROR_KEY = "JAXP00010006";

    /**
     * The JDK's own StAX implementation, configured once for the streaming passes over untrusted XML (sniffing the
     * root, counting nodes): DTDs and external entities are never read.
     */
    static final XMLInputFactory STAX = createStaxFactory();

    private final DocumentBuilderFactory factory;

    /** A parser that refuses elements nested deeper than {@code maxDepth}. */
    SecureXml(int maxDepth) {
        this.factory = createFactory(maxDepth);
    }

    private static XMLInputFactory createStaxFactory() {
        XMLInputFactory stax = XMLInputFactory.newDefaultFactory();
        stax.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        stax.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        stax.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        stax.setProperty(XMLInputFactory.IS_COALESCING, false);
        return stax;
    }

    /** Closes a StAX reader over an in-memory stream; a failure to close loses nothing and is ignored. */
    static void closeQuietly(XMLStreamReader reader) {
        if (reader == null) {
            return;
        }
        try {
            reader.close();
        } catch (XMLStreamException e) {
            // It holds only an in-memory stream: nothing to release that the garbage collector does not.
        }
    }

    private static DocumentBuilderFactory createFactory(int maxDepth) {
        // The JDK's own parser, not whatever a jar on the classpath registers: the feature names below are its own.
        DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
        factory.setNamespaceAware(true);
        factory.setValidating(false);
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            // An invoice has no business with a DOCTYPE; refusing it closes XXE and entity expansion in one go.
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("The JDK XML parser lacks a required security feature", e);
        }
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        // Throws IllegalArgumentException on a JDK without the property: better at startup than unbounded depth.
        factory.setAttribute(MAX_ELEMENT_DEPTH, String.valueOf(maxDepth));
        return factory;
    }

    /** Whether a parse failed because the document nests deeper than this parser's limit. */
    static boolean isTooDeep(SAXException e) {
        return e.getMessage() != null && e.getMessage().startsWith(DEPTH_ERROR_KEY);
    }

    Document parse(InputStream in) throws SAXException, IOException {
        DocumentBuilder builder;
        synchronized (factory) {
            try {
                builder = factory.newDocumentBuilder();
            } catch (ParserConfigurationException e) {
                throw new IllegalStateException("Cannot create the secure XML parser", e);
            }
        }
        builder.setErrorHandler(FailingErrorHandler.INSTANCE);
        // Belt and braces: should an entity ever slip through, it resolves to nothing instead of a file or URL.
        builder.setEntityResolver((publicId, systemId) -> new InputSource(new StringReader("")));
        return builder.parse(in);
    }

    /** Turns every error into an exception instead of the default handler's line on stderr. */
    private enum FailingErrorHandler implements ErrorHandler {
        INSTANCE;

        @Override
        public void warning(SAXParseException exception) {
            // Warnings (e.g. about unused features) do not make an invoice unreadable.
        }

        @Override
        public void error(SAXParseException exception) throws SAXException {
            throw exception;
        }

        @Override
        public void fatalError(SAXParseException exception) throws SAXException {
            throw exception;
        }
    }
}
