package io.github.camelpop3ingest.invoice;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The child paths and predicates the invoice readers use, evaluated as XPath would. */
class DomQueryTest {

    private static final String A = "urn:test:a";
    private static final String B = "urn:test:b";
    private final DomQuery query = new DomQuery(Map.of("a", A, "b", B));

    @Test
    void followsChildStepsByNamespaceNotByPrefix() throws Exception {
        Element root = parse("<r xmlns:x='" + A + "' xmlns:y='" + B + "'><x:Party><y:Name> Acme  GmbH </y:Name></x:Party>"
                + "<x:Party><y:Name>Second</y:Name></x:Party><y:Party><y:Name>other namespace</y:Name></y:Party></r>");
        assertThat(query.text(root, "a:Party/b:Name")).isEqualTo("Acme  GmbH");
        assertThat(query.elements(root, "a:Party/b:Name")).extracting(Element::getTextContent)
                .containsExactly(" Acme  GmbH ", "Second");
        assertThat(query.text(root, "a:Party/a:Name")).isNull();
        assertThat(query.first(null, "a:Party")).isNull();
    }

    @Test
    void blankTextIsAbsent() throws Exception {
        Element root = parse("<r xmlns='" + A + "'><ID>  </ID><Other>1</Other></r>");
        assertThat(query.text(root, "a:ID")).isNull();
        assertThat(query.firstText(root, "a:ID", "a:Missing", "a:Other")).isEqualTo("1");
    }

    @Test
    void predicatesCompareNormalizedSpaceOfAChildPathOrAnAttribute() throws Exception {
        Element root = parse("<r xmlns:a='" + A + "' xmlns:b='" + B + "'>"
                + "<a:Scheme><a:Tax><b:ID> F\tRA </b:ID></a:Tax><b:Company>not vat</b:Company></a:Scheme>"
                + "<a:Scheme><a:Tax><b:ID>\n VAT \n</b:ID></a:Tax><b:Company>DE123</b:Company></a:Scheme>"
                + "<b:ID schemeID=' SEPA '>DE98ZZZ</b:ID><b:ID>no scheme</b:ID><b:ID schemeID='0088'>4000</b:ID></r>");
        assertThat(query.text(root, "a:Scheme[normalize-space(a:Tax/b:ID)='VAT']/b:Company")).isEqualTo("DE123");
        assertThat(query.elements(root, "b:ID[not(normalize-space(@schemeID)='SEPA')]"))
                .extracting(Element::getTextContent).containsExactly("no scheme", "4000");
        assertThat(query.text(root, "b:ID[normalize-space(@schemeID)='0088']")).isEqualTo("4000");
    }

    @Test
    void normalizeSpaceCollapsesInnerRuns() {
        assertThat(DomQuery.normalizeSpace("  a \t\r\n b  c ")).isEqualTo("a b c");
        assertThat(DomQuery.normalizeSpace(" \n ")).isEmpty();
    }

    @Test
    void anExpressionOutsideTheSupportedPartFailsNamingIt() throws Exception {
        Element root = parse("<r xmlns='" + A + "'/>");
        assertThatThrownBy(() -> query.text(root, "//a:ID")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'//a:ID'");
        assertThatThrownBy(() -> query.text(root, "c:ID")).hasMessageContaining("'c:ID'");
        assertThatThrownBy(() -> query.text(root, "a:ID[1]")).hasMessageContaining("'a:ID[1]'");
    }

    private static Element parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document document = factory.newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        return document.getDocumentElement();
    }
}
