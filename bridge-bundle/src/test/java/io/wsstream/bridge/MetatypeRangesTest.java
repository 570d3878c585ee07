package io.wsstream.bridge;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import javax.xml.parsers.DocumentBuilderFactory;

import io.wsstream.bridge.config.InvalidProperty;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Every range the generated Metatype declares is the one the settings enforce: for each attribute with a
 * minimum or maximum, one below and one above are refused naming the property, and the bounds themselves are
 * accepted; every number refuses a text that is no number, every flag one that is neither true nor false.
 * Reads the Metatype the bnd plugin wrote into target/classes (it runs before the tests).
 */
class MetatypeRangesTest {

    private static final Map<String, Object> BRIDGE = Map.of("path", "/vnc", "target.port", 5900);
    private static final Map<String, Object> FORWARDER = Map.of("listen.port", 15900, "url", "ws://127.0.0.1:8765/vnc");

    @Test
    void theBridgeEnforcesItsMetatype() throws Exception {
        List<Attribute> attributes = attributes(WebsocketToTcpBridge.PID);
        assertRangesEnforced(attributes, BRIDGE, BridgeSettings::read);
        assertBounded(attributes, "target.port", "connect.timeout.ms", "chunk.bytes", "window", "backlog", "max.connections", "linger.ms");
    }

    @Test
    void theForwarderEnforcesItsMetatype() throws Exception {
        List<Attribute> attributes = attributes(TcpToWebsocketForwarder.PID);
        assertRangesEnforced(attributes, FORWARDER, ForwarderSettings::read);
        assertBounded(attributes, "listen.port", "connect.timeout.ms", "idle.timeout.ms", "chunk.bytes", "window", "max.message.bytes",
            "max.connections", "linger.ms");
    }

    @Test
    void theBaseConfigurationsAreValid() {
        assertDoesNotThrow(() -> BridgeSettings.read(BRIDGE));
        assertDoesNotThrow(() -> ForwarderSettings.read(FORWARDER));
    }

    private static void assertRangesEnforced(List<Attribute> attributes, Map<String, Object> base, Consumer<Map<String, Object>> read) {
        for (Attribute attribute : attributes) {
            if (attribute.min != null) {
                BigInteger min = new BigInteger(attribute.min);
                assertRefused(attribute, base, read, min.subtract(BigInteger.ONE));
                assertAccepted(attribute, base, read, min);
            }
            if (attribute.max != null) {
                BigInteger max = new BigInteger(attribute.max);
                assertRefused(attribute, base, read, max.add(BigInteger.ONE));
                assertAccepted(attribute, base, read, max);
            }
            if (attribute.type.equals("Integer") || attribute.type.equals("Long")) {
                assertRefused(attribute, base, read, "lots");
            }
            if (attribute.type.equals("Boolean")) {
                assertRefused(attribute, base, read, "maybe");
            }
        }
    }

    /** Every limit the issue names has both ends declared. */
    private static void assertBounded(List<Attribute> attributes, String... ids) {
        for (String id : ids) {
            Attribute attribute = attributes.stream().filter(a -> a.id.equals(id)).findFirst().orElseThrow(() -> new AssertionError("no attribute " + id));
            assertTrue(attribute.min != null && attribute.max != null, id + " has no range in the Metatype");
        }
    }

    private static void assertRefused(Attribute attribute, Map<String, Object> base, Consumer<Map<String, Object>> read, Object value) {
        Map<String, Object> properties = new HashMap<>(base);
        properties.put(attribute.id, typed(attribute, value));
        InvalidProperty refused = assertThrows(InvalidProperty.class, () -> read.accept(properties), attribute.id + "=" + value);
        assertEquals(attribute.id, refused.property());
        assertTrue(refused.getMessage().startsWith(attribute.id + "=" + value + ": accepted "), refused.getMessage());
        if (attribute.min != null && attribute.max != null) {
            assertTrue(refused.getMessage().endsWith("from " + attribute.min + " to " + attribute.max), refused.getMessage());
        }
    }

    private static void assertAccepted(Attribute attribute, Map<String, Object> base, Consumer<Map<String, Object>> read, BigInteger value) {
        Map<String, Object> properties = new HashMap<>(base);
        properties.put(attribute.id, typed(attribute, value));
        assertDoesNotThrow(() -> read.accept(properties), attribute.id + "=" + value);
        properties.put(attribute.id, value.toString());
        assertDoesNotThrow(() -> read.accept(properties), attribute.id + "=\"" + value + "\" (as a .cfg file gives it)");
    }

    /** @return the value with the attribute's type when it fits, as Configuration Admin would hold it */
    private static Object typed(Attribute attribute, Object value) {
        if (value instanceof BigInteger) {
            BigInteger number = (BigInteger) value;
            if (attribute.type.equals("Integer") && number.bitLength() < 32) {
                return number.intValue();
            }
            if (number.bitLength() < 64) {
                return number.longValue();
            }
        }
        return value;
    }

    private static List<Attribute> attributes(String pid) throws Exception {
        Path file = Path.of("target/classes/OSGI-INF/metatype/" + pid + ".xml");
        assertTrue(Files.isRegularFile(file), file + " is missing: the bnd plugin writes it at process-classes");
        Element root = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile()).getDocumentElement();
        NodeList nodes = root.getElementsByTagName("AD");
        List<Attribute> attributes = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            Element ad = (Element) nodes.item(i);
            attributes.add(new Attribute(ad.getAttribute("id"), ad.getAttribute("type"),
                ad.hasAttribute("min") ? ad.getAttribute("min") : null, ad.hasAttribute("max") ? ad.getAttribute("max") : null));
        }
        assertFalse(attributes.isEmpty());
        return attributes;
    }

    private static final class Attribute {
        final String id;
        final String type;
        final String min;
        final String max;

        Attribute(String id, String type, String min, String max) {
            this.id = id;
            this.type = type;
            this.min = min;
            this.max = max;
        }
    }
}
