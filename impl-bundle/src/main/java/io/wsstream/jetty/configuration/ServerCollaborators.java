package io.wsstream.jetty.configuration;

import io.wsstream.jetty.content.PlainHttpHandlers;
import io.wsstream.jetty.content.StaticContent;
import io.wsstream.jetty.handshake.RoutingParts;
import io.wsstream.jetty.security.AuthenticatorWhiteboard;
import io.wsstream.jetty.stream.StreamRegistry;
import io.wsstream.jetty.whiteboard.HandlerWhiteboard;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The bundle's components that every server is built with, handed to each by reference (no static field
 * reaches them): one reference for {@link WebsocketServer} and {@link FactoryWebsocketServer} alike.
 */
@Component(service = ServerCollaborators.class)
public final class ServerCollaborators {
    private final HandlerWhiteboard whiteboard;
    private final StreamRegistry streams;
    private final AuthenticatorWhiteboard authenticators;
    private final RoutingParts routingParts;

    @Activate
    public ServerCollaborators(@Reference HandlerWhiteboard whiteboard, @Reference StreamRegistry streams,
            @Reference AuthenticatorWhiteboard authenticators, @Reference StaticContent staticContent,
            @Reference PlainHttpHandlers plainHttp) {
        this.whiteboard = whiteboard;
        this.streams = streams;
        this.authenticators = authenticators;
        this.routingParts = new RoutingParts(whiteboard, streams, staticContent, plainHttp);
    }

    public HandlerWhiteboard whiteboard() {
        return whiteboard;
    }

    public StreamRegistry streams() {
        return streams;
    }

    public AuthenticatorWhiteboard authenticators() {
        return authenticators;
    }

    /** The parts of these that every server's routing handler answers requests with. */
    public RoutingParts routingParts() {
        return routingParts;
    }
}
