package io.wsstream.bridge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ConfigurationValuesTest {

    private static ConfigurationValues values(String key, Object value) {
        return new ConfigurationValues(Map.of(key, value));
    }

    @Test
    void wholeNumbersAreTakenTypedOrAsText() {
        assertEquals(65536, values("n", 65536).integer("n", 1, "512", "1048576"));
        assertEquals(65536, values("n", 65536L).integer("n", 1, "512", "1048576"));
        assertEquals(65536, values("n", " 65536 ").integer("n", 1, "512", "1048576"));
        assertEquals(7L, values("n", BigInteger.valueOf(7)).whole("n", 1L, "0", "10"));
        assertEquals(9, new ConfigurationValues(Map.of()).integer("n", 9, "1", "10"), "absent: the default");
    }

    @Test
    void outOfRangeIsRefusedWithThePropertyTheValueAndTheRange() {
        InvalidProperty high = assertThrows(InvalidProperty.class, () -> values("chunk.bytes", 2_147_483_647).integer("chunk.bytes", 1, "512", "1048576"));
        assertEquals("chunk.bytes=2147483647: accepted a whole number from 512 to 1048576", high.getMessage());
        assertEquals("chunk.bytes", high.property());
        InvalidProperty low = assertThrows(InvalidProperty.class, () -> values("connect.timeout.ms", 0L).whole("connect.timeout.ms", 1L, "1", "300000"));
        assertEquals("connect.timeout.ms=0: accepted a whole number from 1 to 300000", low.getMessage());
        assertThrows(InvalidProperty.class, () -> values("n", "99999999999999999999999").whole("n", 1L, "0", "10"),
            "beyond a long: refused, not wrapped around");
        assertThrows(InvalidProperty.class, () -> values("n", 4_294_967_296L + 512).integer("n", 1, "512", "1048576"),
            "beyond an int: refused, not cut to an int in range");
    }

    @Test
    void wrongTypesAreRefused() {
        assertEquals("window=lots: accepted a whole number from 1 to 16",
            assertThrows(InvalidProperty.class, () -> values("window", "lots").integer("window", 4, "1", "16")).getMessage());
        assertThrows(InvalidProperty.class, () -> values("window", 2.5).integer("window", 4, "1", "16"));
        assertThrows(InvalidProperty.class, () -> values("window", "").integer("window", 4, "1", "16"));
        assertThrows(InvalidProperty.class, () -> values("window", true).integer("window", 4, "1", "16"));
        assertThrows(InvalidProperty.class, () -> values("window", new int[] {4}).integer("window", 4, "1", "16"));
        assertThrows(InvalidProperty.class, () -> values("host", 7).text("host", "x", false));
        assertThrows(InvalidProperty.class, () -> values("flag", "yes").flag("flag", false));
        assertThrows(InvalidProperty.class, () -> values("list", 3).texts("list"));
    }

    @Test
    void aRequiredPropertyThatIsMissingIsRefused() {
        InvalidProperty missing = assertThrows(InvalidProperty.class, () -> new ConfigurationValues(Map.of()).integer("target.port", null, "1", "65535"));
        assertEquals("target.port is missing: accepted a whole number from 1 to 65535 (required)", missing.getMessage());
        assertThrows(InvalidProperty.class, () -> new ConfigurationValues(Map.of()).text("path", null, false));
    }

    @Test
    void textsAreTrimmedAndMayBeRequiredNotEmpty() {
        assertEquals("127.0.0.1", values("host", " 127.0.0.1 ").text("host", "x", false));
        assertEquals("", values("filter", "").text("filter", "", true));
        assertThrows(InvalidProperty.class, () -> values("host", "  ").text("host", "x", false));
    }

    @Test
    void flagsAreBooleansOrTrueAndFalseInAnyCase() {
        assertTrue(values("f", "TRUE").flag("f", false));
        assertFalse(values("f", Boolean.FALSE).flag("f", true));
        assertTrue(new ConfigurationValues(Map.of()).flag("f", true));
    }

    @Test
    void multipleTextsComeAsAnArrayAListOrOneTextWithCommas() {
        assertEquals(List.of("a", "b"), values("p", "a, b,").texts("p"));
        assertEquals(List.of("a", "b"), values("p", new String[] {"a", " b"}).texts("p"));
        assertEquals(List.of("a"), values("p", List.of("a", "")).texts("p"));
        assertEquals(List.of(), values("p", "").texts("p"));
    }

    @Test
    void aSecretOfTheWrongTypeIsRefusedWithoutShowingIt() {
        InvalidProperty refused = assertThrows(InvalidProperty.class, () -> values("trust.store.password", new char[] {'s', 'e'}).secret("trust.store.password"));
        assertFalse(refused.getMessage().contains("se"), refused.getMessage());
        assertTrue(refused.getMessage().startsWith("trust.store.password=(hidden"), refused.getMessage());
    }
}
