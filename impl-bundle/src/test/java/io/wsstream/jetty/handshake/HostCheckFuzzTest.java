package io.wsstream.jetty.handshake;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;
import java.util.Optional;

import io.wsstream.jetty.fuzz.HandshakeHeaders;
import io.wsstream.jetty.fuzz.HostileInput;

import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The host check (DNS rebinding) on any input: {@code allowed.hosts} either builds or is refused with
 * {@link IllegalArgumentException} (a refused configuration), and a request's {@code Host} gets a yes or no,
 * never an exception. It fails closed: on a loopback server without {@code *}, a host is let in only when it
 * is one of the loopback names or listed.
 */
class HostCheckFuzzTest {

    @Test
    void anAllowListBuildsOrIsRefusedWithIllegalArgumentException() {
        qt().withExamples(500).forAll(allowLists(), booleans().all())
                .checkAssert((allowedHosts, loopback) -> build(allowedHosts, loopback).ifPresent(check -> assertNotNull(check.describe())));
    }

    @Test
    void anyHostHeaderGetsAnAnswer() {
        qt().withExamples(500).forAll(allowLists(), booleans().all(), HandshakeHeaders.hosts())
                .checkAssert((allowedHosts, loopback, host) -> build(allowedHosts, loopback).ifPresent(check -> check.allows(host)));
    }

    @Test
    void aLoopbackServerLetsInOnlyTheLoopbackNamesAndTheListedHosts() {
        HostCheck check = HostCheck.of(List.of("app.example.com"), "127.0.0.1", true, List.of());
        qt().withExamples(500).forAll(HandshakeHeaders.hosts()).checkAssert(host -> {
            if (check.allows(host)) {
                String name = HostCheck.hostName(host);
                assertNotNull(name, "let in a Host that is no host name: " + HostileInput.describe(host));
                assertTrue(List.of("localhost", "127.0.0.1", "[0:0:0:0:0:0:0:1]", "app.example.com").contains(name), name);
            }
        });
    }

    @Test
    void aMissingHostIsRefusedUnlessEveryHostIsAccepted() {
        assertFalse(HostCheck.of(List.of(), "127.0.0.1", true, List.of()).allows(null));
        assertFalse(HostCheck.of(List.of("app.example.com"), "0.0.0.0", false, List.of()).allows(null));
        assertTrue(HostCheck.of(List.of("*"), "127.0.0.1", true, List.of()).allows(null));
    }

    private static Optional<HostCheck> build(List<String> allowedHosts, boolean loopback) {
        try {
            return Optional.of(HostCheck.of(HostCheck.entries(allowedHosts), "127.0.0.1", loopback, List.of()));
        } catch (IllegalArgumentException refused) {
            assertTrue(refused.getMessage().startsWith("allowed.hosts"), refused.getMessage());
            return Optional.empty();
        }
    }

    private static Gen<List<String>> allowLists() {
        return lists().of(Generate.oneOf(
                HostileInput.mangled("app.example.com", "*", "192.168.1.5", "[fe80::1]", "a.example, b.example", "host:80"),
                HostileInput.nullableStrings())).ofSizeBetween(0, 4).describedAs(HostileInput::describe);
    }
}
