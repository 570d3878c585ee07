package io.wsstream.jetty.configuration;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** What the server properties accept is what the generated Metatype declares: names, types, ranges, options, defaults. */
class ServerPropertiesTest {
    private static final Path METATYPE = Path.of("target/classes/OSGI-INF/metatype/io.wsstream.server.xml");

    @Test
    void everyMetatypePropertyHasASpecificationAndEveryDefaultIsAccepted() throws Exception {
        Map<String, ConfigProperty<?>> specified = specified();
        Map<String, Element> declared = declared();
        assertEquals(declared.keySet(), specified.keySet());
        assertEquals(declared.keySet(), new TreeMap<>(ServerProperties.DEFAULTS).keySet(), "defaults from ServerConfig, by property name");
        declared.forEach((name, attribute) -> {
            assertDoesNotThrow(() -> specified.get(name).convert(attribute.getAttribute("default")), name + ": Metatype default as text");
            assertDoesNotThrow(() -> specified.get(name).convert(ServerProperties.DEFAULTS.get(name)), name + ": ServerConfig default");
        });
    }

    @Test
    void numbersAcceptExactlyTheRangeTheMetatypeDeclares() throws Exception {
        Map<String, ConfigProperty<?>> specified = specified();
        List<String> checked = new ArrayList<>();
        declared().forEach((name, attribute) -> {
            String type = attribute.getAttribute("type");
            if (!type.equals("Integer") && !type.equals("Long")) {
                return;
            }
            ConfigProperty<?> property = specified.get(name);
            assertFalse(attribute.getAttribute("min").isEmpty(), name + ": the Metatype declares a minimum");
            long min = Long.parseLong(attribute.getAttribute("min"));
            assertDoesNotThrow(() -> property.convert(String.valueOf(min)), name);
            assertDoesNotThrow(() -> property.convert(min), name);
            assertThrows(IllegalArgumentException.class, () -> property.convert(min - 1), name);
            long max = attribute.getAttribute("max").isEmpty() ? (type.equals("Integer") ? Integer.MAX_VALUE : Long.MAX_VALUE)
                    : Long.parseLong(attribute.getAttribute("max"));
            assertDoesNotThrow(() -> property.convert(max), name);
            if (max < Long.MAX_VALUE) {
                assertThrows(IllegalArgumentException.class, () -> property.convert(max + 1), name);
            }
            assertThrows(IllegalArgumentException.class, () -> property.convert("abc"), name);
            checked.add(name);
        });
        assertTrue(checked.contains("port") && checked.contains("max.connections") && checked.contains("stop.timeout.ms"), checked.toString());
    }

    @Test
    void booleansAndOptionsAcceptExactlyWhatTheMetatypeDeclares() throws Exception {
        Map<String, ConfigProperty<?>> specified = specified();
        declared().forEach((name, attribute) -> {
            ConfigProperty<?> property = specified.get(name);
            if (attribute.getAttribute("type").equals("Boolean")) {
                assertEquals(true, property.convert("true"), name);
                assertEquals(false, property.convert(false), name);
                assertThrows(IllegalArgumentException.class, () -> property.convert("yes"), name);
            }
            NodeList options = attribute.getElementsByTagName("Option");
            for (int i = 0; i < options.getLength(); i++) {
                String option = ((Element) options.item(i)).getAttribute("value");
                assertEquals(option, property.convert(option), name);
            }
            if (options.getLength() > 0) {
                assertThrows(IllegalArgumentException.class, () -> property.convert("something else"), name);
            }
        });
    }

    @Test
    void methodNamesMapToPropertyNamesAsDeclarativeServicesSays() {
        assertEquals("max.text.message.bytes", ConfigReader.propertyName("max_text_message_bytes"));
        assertEquals("a_b", ConfigReader.propertyName("a__b"));
        assertEquals("a$b", ConfigReader.propertyName("a$$b"));
        assertEquals("a-b", ConfigReader.propertyName("a$_$b"));
        assertEquals("ab", ConfigReader.propertyName("a$b"));
    }

    /** @return the fields of {@link ServerProperties}, by property name */
    private static Map<String, ConfigProperty<?>> specified() throws IllegalAccessException {
        Map<String, ConfigProperty<?>> properties = new TreeMap<>();
        for (Field field : ServerProperties.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == ConfigProperty.class) {
                ConfigProperty<?> property = (ConfigProperty<?>) field.get(null);
                assertEquals(null, properties.put(property.name, property), "one specification per property: " + property.name);
            }
        }
        return properties;
    }

    /** @return the attribute definitions of the generated Metatype, by id */
    private static Map<String, Element> declared() throws Exception {
        Element root = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(METATYPE.toFile()).getDocumentElement();
        NodeList attributes = root.getElementsByTagName("AD");
        Map<String, Element> declared = new TreeMap<>();
        for (int i = 0; i < attributes.getLength(); i++) {
            Element attribute = (Element) attributes.item(i);
            declared.put(attribute.getAttribute("id"), attribute);
        }
        return declared;
    }
}
