package io.wsstream.jetty.fuzz;

import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Generators of the handshake headers that admission checks read ({@code Origin}, {@code Host}), well-formed
 * and hostile, {@code null} when absent: shared by the property tests of every such check.
 */
public final class HandshakeHeaders {

    private HandshakeHeaders() {}

    /** @return {@code Origin} header values */
    public static Gen<String> origins() {
        return Generate.oneOf(
                HostileInput.mangled("http://127.0.0.1:8765", "https://app.example.com", "http://[::1]:8765", "null",
                        "http://user@host", "file://", "HTTP://LOCALHOST:80/"),
                HostileInput.nullableStrings()).describedAs(HostileInput::describe);
    }

    /** @return {@code Host} header values */
    public static Gen<String> hosts() {
        return Generate.oneOf(
                HostileInput.mangled("127.0.0.1:8765", "localhost", "[::1]:8765", "example.com:443", "a@b", "host:99999",
                        "EXAMPLE.com.", "0x7f.1:80"),
                HostileInput.nullableStrings()).describedAs(HostileInput::describe);
    }
}
