package io.wsstream.jetty.configuration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The configuration table of docs/configuration.md lists exactly the properties of the generated Metatype, with its defaults. */
class ConfigurationDocumentationTest {
    private static final Path METATYPE = Path.of("target/classes/OSGI-INF/metatype/io.wsstream.server.xml");
    private static final Path PAGE = Path.of("../docs/configuration.md");
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z.]+)` \\| ([^|]+) \\|");

    @Test
    void theDocumentedTableMatchesTheMetatype() throws Exception {
        Map<String, String> metatype = metatypeDefaults();
        Map<String, String> page = documentedDefaults();
        assertEquals(List.copyOf(metatype.keySet()), List.copyOf(page.keySet()), "properties, in order");
        metatype.forEach((property, value) -> {
            String documented = page.get(property);
            String expected = value.isEmpty() ? "(empty)" : "`" + value + "`";
            assertTrue(documented.startsWith(expected), property + ": " + PAGE + " says " + documented + ", Metatype " + expected);
        });
    }

    private static Map<String, String> metatypeDefaults() throws Exception {
        Element root = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(METATYPE.toFile()).getDocumentElement();
        NodeList attributes = root.getElementsByTagName("AD");
        Map<String, String> defaults = new LinkedHashMap<>();
        for (int i = 0; i < attributes.getLength(); i++) {
            Element attribute = (Element) attributes.item(i);
            defaults.put(attribute.getAttribute("id"), attribute.getAttribute("default"));
        }
        return defaults;
    }

    private static Map<String, String> documentedDefaults() throws Exception {
        List<String> lines = Files.readAllLines(PAGE);
        int start = lines.indexOf("## Properties");
        assertTrue(start >= 0, PAGE + " has a '## Properties' section");
        Map<String, String> defaults = new LinkedHashMap<>();
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("#")) {
                break;
            }
            Matcher row = ROW.matcher(line);
            if (row.find()) {
                defaults.put(row.group(1), row.group(2).trim());
            }
        }
        return defaults;
    }
}
