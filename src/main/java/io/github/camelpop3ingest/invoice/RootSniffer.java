package io.github.camelpop3ingest.invoice;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Tells an invoice syntax from the root element alone, reading with StAX no further than that element's start tag. */
final class RootSniffer {

    private static final Logger LOG = LoggerFactory.getLogger(RootSniffer.class);

    private RootSniffer() {}

    static Optional<InvoiceSyntax> sniff(BoundedXml xml) {
        XMLStreamReader reader = null;
        try (InputStream in = xml.open()) {
            // The parser detects the encoding from the byte order mark, the first bytes and the XML declaration.
            reader = SecureXml.STAX.createXMLStreamReader(in);
            while (reader.hasNext()) {
                if (reader.next() == XMLStreamConstants.START_ELEMENT) {
                    String namespace = reader.getNamespaceURI();
                    return InvoiceSyntax.ofRoot(namespace == null ? "" : namespace, reader.getLocalName());
                }
            }
            return Optional.empty();
        } catch (XMLStreamException | IOException e) {
            LOG.debug("No invoice root element found, treating the document as not an invoice: {}", e.getMessage());
            return Optional.empty();
        } finally {
            SecureXml.closeQuietly(reader);
        }
    }
}
