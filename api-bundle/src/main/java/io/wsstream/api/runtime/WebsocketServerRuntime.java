package io.wsstream.api.runtime;

import java.net.URI;

import io.wsstream.api.WebsocketConstants;
import io.wsstream.api.runtime.dto.RuntimeDTO;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Registered by the implementation for each running server, with the service properties
 * {@link WebsocketConstants#SERVER_NAME}, {@link WebsocketConstants#SERVER_HOST},
 * {@link WebsocketConstants#SERVER_PORT} and {@link WebsocketConstants#SERVER_SECURE}: the way tests and
 * tools find where wsstream listens, and what handlers select servers by ({@link WebsocketConstants#TARGET}).
 * A server that restarts for a configuration change registers a new one.
 */
@ProviderType
public interface WebsocketServerRuntime {

    /** @return the server's name, {@code default} for the server of the singleton configuration */
    String name();

    /** @return the host the server is bound to, as configured */
    String host();

    /** @return the port the server is bound to; the actual port when 0 was configured */
    int port();

    /**
     * @param path an absolute path such as {@code /chat}
     * @return the websocket URI of that path on this server, e.g. {@code ws://127.0.0.1:8765/chat}
     *     ({@code wss://} for a TLS server)
     */
    URI uri(String path);

    /**
     * This server's view, as {@code HttpServiceRuntime.getRuntimeDTO()} gives its runtime's: its counters, the
     * handlers it serves, those it could serve but does not (shadowed, invalid, not gettable) and the
     * authenticators that keep it closed.
     *
     * @return a new snapshot on each call
     */
    RuntimeDTO getRuntimeDTO();
}
