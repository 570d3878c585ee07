package io.wsstream.jetty.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostCheckTest {
    /** The default server: 127.0.0.1, nothing listed. */
    private final HostCheck loopback = HostCheck.of(List.of(), "127.0.0.1", List.of());

    @ParameterizedTest(name = "Host {0}")
    @ValueSource(strings = {"localhost:8765", "LOCALHOST:8765", "localhost", "localhost.:8765", "127.0.0.1:8765", "127.0.0.1",
        "[::1]:8765", "[::1]", "[0:0:0:0:0:0:0:1]:1", "127.0.0.1:1"})
    void aLoopbackServerAnswersToTheLoopbackNamesOnAnyPort(String host) {
        assertTrue(loopback.allows(host));
    }

    @ParameterizedTest(name = "Host {0}")
    @ValueSource(strings = {"attacker.example:8765", "attacker.example", "localhost.attacker.example:8765", "127.0.0.1.attacker.example",
        "127.0.0.2:8765", "192.168.1.5:8765", "[::2]:8765", "", ":8765", "localhost:", "localhost:port", "localhost:123456",
        "[::1", "[::1]x", "::1", "[zz::1]:8765", "local host", "localhost%00", "[::1%25eth0]:8765"})
    void aLoopbackServerRefusesEveryOtherOrMalformedHost(String host) {
        assertFalse(loopback.allows(host));
    }

    @ParameterizedTest
    @NullSource
    void aMissingHostIsRefused(String host) {
        assertFalse(loopback.allows(host));
    }

    @Test
    void theHostNamesOfAllowedOriginsAreAccepted() {
        HostCheck check = HostCheck.of(List.of(), "127.0.0.1", OriginCheck.of(List.of("https://app.example.com", "http://[::1]:3000")).hosts());
        assertTrue(check.allows("app.example.com"));
        assertTrue(check.allows("APP.example.com:443"));
        assertFalse(check.allows("other.example.com"));
    }

    @Test
    void anAllowListAddsNamesAndAddressesOnAnyPort() {
        HostCheck check = HostCheck.of(List.of("app.example.com, 192.168.1.5", "[FE80::1]"), "127.0.0.1", List.of());
        assertTrue(check.allows("app.example.com:8765"));
        assertTrue(check.allows("192.168.1.5"));
        assertTrue(check.allows("[fe80:0:0:0:0:0:0:1]:8765"));
        assertTrue(check.allows("localhost:8765"), "the loopback names stay");
        assertFalse(check.allows("sub.app.example.com"), "exact names, no subdomains");
    }

    @Test
    void starAcceptsEveryHost() {
        HostCheck any = HostCheck.of(List.of("*"), "127.0.0.1", List.of());
        assertTrue(any.allows("attacker.example:8765"));
        assertTrue(any.allows(null));
        assertFalse(any.acceptsEveryHostByDefault());
    }

    @Test
    void aServerOnTheNetworkWithoutAListAcceptsEveryHostAndSaysSo() {
        HostCheck open = HostCheck.of(List.of(), "0.0.0.0", false, List.of());
        assertTrue(open.allows("attacker.example:8765"));
        assertTrue(open.acceptsEveryHostByDefault());
        assertFalse(loopback.acceptsEveryHostByDefault());
    }

    @Test
    void aServerOnTheNetworkWithAListAcceptsItsBoundAddressTheListAndTheLoopbackNames() {
        HostCheck listed = HostCheck.of(List.of("app.example.com"), "192.168.1.5", false, List.of());
        assertFalse(listed.acceptsEveryHostByDefault());
        assertTrue(listed.allows("app.example.com:8765"));
        assertTrue(listed.allows("192.168.1.5:8765"));
        assertTrue(listed.allows("localhost:8765"));
        assertFalse(listed.allows("attacker.example:8765"));
        assertFalse(listed.allows("192.168.1.6:8765"));
    }

    @Test
    void loopbackIsDecidedFromTheBoundAddress() {
        assertFalse(HostCheck.of(List.of(), "::1", List.of()).acceptsEveryHostByDefault());
        assertFalse(HostCheck.of(List.of(), "[::1]", List.of()).acceptsEveryHostByDefault());
        assertFalse(HostCheck.of(List.of(), "127.0.0.2", List.of()).acceptsEveryHostByDefault());
        assertFalse(HostCheck.of(List.of(), "localhost", List.of()).acceptsEveryHostByDefault());
        assertTrue(HostCheck.of(List.of(), "0.0.0.0", List.of()).acceptsEveryHostByDefault());
        assertTrue(HostCheck.of(List.of(), "::", List.of()).acceptsEveryHostByDefault());
    }

    @ParameterizedTest(name = "allowed.hosts={0}")
    @ValueSource(strings = {"app.example.com:8080", "http://app.example.com", "app..example.com", "-app.example.com", "[::1", "a/b", "zz::1"})
    void anEntryThatIsNoHostIsRefusedNamingTheProperty(String entry) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> HostCheck.of(List.of(entry), "127.0.0.1", List.of()));
        assertTrue(refused.getMessage().startsWith("allowed.hosts: '" + entry + "'"), refused.getMessage());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "Example.COM:80, example.com",
        "example.com., example.com",
        "[::1]:8765, [0:0:0:0:0:0:0:1]",
        "[::ffff:127.0.0.1], 127.0.0.1",
        "127.0.0.1:65535, 127.0.0.1",
    })
    void hostNamesAreNormalizedForComparison(String header, String expected) {
        assertEquals(expected, HostCheck.hostName(header));
    }

    @Test
    void aHostWithoutNameIsNone() {
        assertNull(HostCheck.hostName(":80"));
        assertNull(HostCheck.hostName("[]:80"));
    }
}
