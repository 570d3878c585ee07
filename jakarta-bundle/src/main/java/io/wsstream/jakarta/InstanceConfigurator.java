package io.wsstream.jakarta;

import java.util.List;

import jakarta.websocket.Extension;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;

/**
 * Hands Jetty the endpoint service's instance for one session, instead of a new object of its class. An
 * annotation's own configurator ({@code @ServerEndpoint(configurator = ...)}) keeps the rest of its say.
 */
final class InstanceConfigurator extends ServerEndpointConfig.Configurator {
    private final AdmittedSession session;
    private final ServerEndpointConfig.Configurator own;

    InstanceConfigurator(AdmittedSession session) {
        this(session, null);
    }

    /** @param own the endpoint's own configurator, asked everything but the instance */
    InstanceConfigurator(AdmittedSession session, ServerEndpointConfig.Configurator own) {
        this.session = session;
        this.own = own;
    }

    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) throws InstantiationException {
        return endpointClass.cast(session.newInstance());
    }

    @Override
    public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
        return own == null ? super.getNegotiatedSubprotocol(supported, requested) : own.getNegotiatedSubprotocol(supported, requested);
    }

    @Override
    public List<Extension> getNegotiatedExtensions(List<Extension> installed, List<Extension> requested) {
        return own == null ? super.getNegotiatedExtensions(installed, requested) : own.getNegotiatedExtensions(installed, requested);
    }

    @Override
    public boolean checkOrigin(String originHeaderValue) {
        // wsstream's origin check ran before; an endpoint's own configurator may be stricter still
        return own == null ? super.checkOrigin(originHeaderValue) : own.checkOrigin(originHeaderValue);
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        if (own == null) {
            super.modifyHandshake(config, request, response);
        } else {
            own.modifyHandshake(config, request, response);
        }
    }
}
