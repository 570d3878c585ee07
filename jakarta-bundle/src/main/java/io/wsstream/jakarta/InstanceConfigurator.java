package io.wsstream.jakarta;

import jakarta.websocket.server.ServerEndpointConfig;

/** Hands Jetty the endpoint service's instance for one session, instead of a new object of its class. */
final class InstanceConfigurator extends ServerEndpointConfig.Configurator {
    private final AdmittedSession session;

    InstanceConfigurator(AdmittedSession session) {
        this.session = session;
    }

    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) throws InstantiationException {
        return endpointClass.cast(session.newInstance());
    }
}
