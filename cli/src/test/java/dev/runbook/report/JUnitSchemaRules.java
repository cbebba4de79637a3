package dev.runbook.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Checks a JUnit XML report against the structural rules of the JUnit XML schema (the Ant schema that CI systems
 * read): element names and nesting, required attributes and their types, and counts that add up.
 */
public final class JUnitSchemaRules {
    private static final Set<String> SUITE_CHILDREN = Set.of("properties", "testcase", "system-out", "system-err");
    private static final Set<String> CASE_CHILDREN = Set.of("failure", "error", "skipped", "system-out", "system-err");

    private JUnitSchemaRules() {
    }

    /** Parses with the JDK's DOM parser (no external entities) and checks every rule; returns the document. */
    public static Document check(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        Element root = doc.getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("testsuites");
        int tests = 0;
        int failures = 0;
        int errors = 0;
        int skipped = 0;
        for (Element suite : children(root)) {
            assertThat(suite.getTagName()).isEqualTo("testsuite");
            for (String required : List.of("name", "tests", "failures", "errors", "time", "timestamp", "hostname",
                    "id", "package")) {
                assertThat(suite.hasAttribute(required)).as("testsuite@" + required).isTrue();
            }
            assertThat(suite.getAttribute("timestamp")).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}");
            assertThat(Double.parseDouble(suite.getAttribute("time"))).isNotNegative();
            int suiteTests = 0;
            int suiteFailures = 0;
            int suiteErrors = 0;
            int suiteSkipped = 0;
            for (Element child : children(suite)) {
                assertThat(SUITE_CHILDREN).contains(child.getTagName());
                if (!child.getTagName().equals("testcase")) {
                    continue;
                }
                suiteTests++;
                assertThat(child.getAttribute("name")).isNotBlank();
                assertThat(child.getAttribute("classname")).isNotBlank();
                assertThat(Double.parseDouble(child.getAttribute("time"))).isNotNegative();
                List<Element> outcome = children(child);
                assertThat(outcome.size()).as("one outcome at most in " + child.getAttribute("name")).isLessThanOrEqualTo(1);
                for (Element o : outcome) {
                    assertThat(CASE_CHILDREN).contains(o.getTagName());
                    if (o.getTagName().equals("failure") || o.getTagName().equals("error")) {
                        assertThat(o.hasAttribute("type")).isTrue();
                        assertThat(o.hasAttribute("message")).isTrue();
                    }
                    suiteFailures += o.getTagName().equals("failure") ? 1 : 0;
                    suiteErrors += o.getTagName().equals("error") ? 1 : 0;
                    suiteSkipped += o.getTagName().equals("skipped") ? 1 : 0;
                }
            }
            assertThat(Integer.parseInt(suite.getAttribute("tests"))).as("testsuite@tests").isEqualTo(suiteTests);
            assertThat(Integer.parseInt(suite.getAttribute("failures"))).as("testsuite@failures").isEqualTo(suiteFailures);
            assertThat(Integer.parseInt(suite.getAttribute("errors"))).as("testsuite@errors").isEqualTo(suiteErrors);
            assertThat(Integer.parseInt(suite.getAttribute("skipped"))).as("testsuite@skipped").isEqualTo(suiteSkipped);
            tests += suiteTests;
            failures += suiteFailures;
            errors += suiteErrors;
            skipped += suiteSkipped;
        }
        assertThat(Integer.parseInt(root.getAttribute("tests"))).isEqualTo(tests);
        assertThat(Integer.parseInt(root.getAttribute("failures"))).isEqualTo(failures);
        assertThat(Integer.parseInt(root.getAttribute("errors"))).isEqualTo(errors);
        assertThat(Integer.parseInt(root.getAttribute("skipped"))).isEqualTo(skipped);
        return doc;
    }

    /** Parses well-formed XML (such as the XHTML report) without fetching anything. */
    public static Document parseXml(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Element> children(Element e) {
        NodeList nodes = e.getChildNodes();
        List<Element> out = new java.util.ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i).getNodeType() == Node.ELEMENT_NODE) {
                out.add((Element) nodes.item(i));
            }
        }
        return out;
    }
}
