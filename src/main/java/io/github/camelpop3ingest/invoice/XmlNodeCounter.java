package io.github.camelpop3ingest.invoice;

import java.io.IOException;
import java.io.InputStream;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts a document's nodes and nesting with StAX, in constant memory, before a DOM is built, so that a document of
 * millions of tiny elements is refused instead of filling the heap.
 * <p>
 * It runs only where it can matter: every node {@link XmlLimits#maxNodes()} counts takes at least four characters of
 * markup (an element {@code <a/>}, an attribute {@code a=""} with the space before it, a processing instruction
 * {@code <?a?>}), and a character at least one byte, so a document of at most four bytes per allowed node cannot
 * exceed the limit and is not counted. Counting costs 20 to 65% of reading an invoice (measured on the shared
 * corpus), too much to pay for every document; with the default limit, only documents above 800,000 bytes pay it.
 * Depth is enforced by the DOM parser itself for every document; this count checks it too, since it must not follow
 * a nesting of millions either.
 */
final class XmlNodeCounter {

    private static final Logger LOG = LoggerFactory.getLogger(XmlNodeCounter.class);

    /** The fewest bytes of markup one counted node takes. */
    static final int MIN_BYTES_PER_NODE = 4;

    private XmlNodeCounter() {}

    /** Whether a document of {@code length} bytes could have more nodes than the limit allows. */
    static boolean needsCounting(long length, XmlLimits limits) {
        return length > (long) MIN_BYTES_PER_NODE * limits.maxNodes();
    }

    /**
     * Why the document must not become a DOM, or {@code null} when it stays within the limits or is broken: a broken
     * document is left to the DOM parser, whose error message says what is wrong.
     */
    static String exceeded(BoundedXml xml, XmlLimits limits) {
        long nodes = 0;
        int depth = 0;
        XMLStreamReader reader = null;
        try (InputStream in = xml.open()) {
            reader = SecureXml.STAX.createXMLStreamReader(in);
            while (reader.hasNext()) {
                switch (reader.next()) {
                    case XMLStreamConstants.START_ELEMENT -> {
                        depth++;
                        if (depth > limits.maxDepth()) {
                            return tooDeep(limits);
                        }
                        // The DOM keeps namespace declarations as attributes; StAX reports them apart.
                        nodes += 1 + reader.getAttributeCount() + reader.getNamespaceCount();
                    }
                    case XMLStreamConstants.END_ELEMENT -> depth--;
                    case XMLStreamConstants.COMMENT, XMLStreamConstants.PROCESSING_INSTRUCTION,
                            XMLStreamConstants.CDATA -> nodes++;
                    case XMLStreamConstants.DTD -> {
                        // Refused by the DOM parser with its own problem text; nothing here needs counting.
                        return null;
                    }
                    default -> {
                        // Text and white space make no counted node.
                    }
                }
            }
            // Counted to the end, not stopped at the limit: the count tells a large real invoice (a limit to raise)
            // from an attack, and costs no memory, only time bounded by maxBytes.
            return nodes > limits.maxNodes() ? tooMany(nodes, "", limits) : null;
        } catch (XMLStreamException | IOException e) {
            LOG.debug("Counting stopped at broken XML after {} nodes: {}", nodes, e.getMessage());
            return nodes > limits.maxNodes() ? tooMany(nodes, "at least ", limits) : null;
        } finally {
            SecureXml.closeQuietly(reader);
        }
    }

    /** The problem of a document nested deeper than the limit, the same whichever parser found it. */
    static String tooDeep(XmlLimits limits) {
        return "document nests elements at least " + (limits.maxDepth() + 1L) + " deep, more than maxDepth "
                + limits.maxDepth() + ", and was not read";
    }

    private static String tooMany(long nodes, String qualifier, XmlLimits limits) {
        return "document has " + qualifier + nodes + " nodes (elements, attributes, comments), more than maxNodes "
                + limits.maxNodes() + ", and was not read";
    }
}
