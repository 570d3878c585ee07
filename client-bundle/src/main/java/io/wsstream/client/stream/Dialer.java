package io.wsstream.client.stream;

import java.util.concurrent.CompletableFuture;

import org.eclipse.jetty.websocket.api.Session;

/** Opens one Jetty session to a client stream's URI with the given listener; called for every attempt. */
@FunctionalInterface
public interface Dialer {
    CompletableFuture<Session> dial(Session.Listener listener) throws Exception;
}
