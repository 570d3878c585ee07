package io.wsstream.api.client;

import java.net.URI;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Opens websocket connections to a server: {@link WebsocketClientStream}s. Registered by the
 * wsstream client bundle, so that servers need no client libraries.
 *
 * <p>The service is bundle scoped: the streams a bundle opened, and its connection attempts under way, are
 * closed with 1001 (going away) when that bundle stops or releases the service.
 *
 * <p>A client stream is pull style: its messages are read with {@link WebsocketClientStream#messages()} or
 * {@link WebsocketClientStream#receive()}, and nothing is read from the network before there is demand. Its
 * {@link WebsocketClientStream#attributes()} are the program's own. Signals and stage completions happen on the
 * client's threads: do not block in them.
 */
@ProviderType
public interface WebsocketClientStreamFactory {

    /**
     * Connects to a websocket server.
     *
     * @param uri a {@code ws:} or {@code wss:} URI
     * @param options subprotocols, headers, timeouts, TLS trust, reconnection; {@link ClientOptions#defaults()}
     *     for none
     * @return a stage completed with the open stream, or exceptionally with the reason the connection could
     *     not be made: a {@link WebsocketHandshakeException} when the server answered the upgrade request
     *     with another status than 101, a {@link java.util.concurrent.TimeoutException} when there was no
     *     answer within {@link ClientOptions#connectTimeout()}, an {@link java.io.IOException} otherwise. With
     *     {@link ClientOptions#reconnect()} it fails only when every attempt failed, with the last failure.
     * @throws IllegalArgumentException when the URI is not an absolute {@code ws:} or {@code wss:} URI
     */
    CompletionStage<WebsocketClientStream> connect(URI uri, ClientOptions options);

    /** Connects with {@link ClientOptions#defaults()}. */
    default CompletionStage<WebsocketClientStream> connect(URI uri) {
        return connect(uri, ClientOptions.defaults());
    }
}
