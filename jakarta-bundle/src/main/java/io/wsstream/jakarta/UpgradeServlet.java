package io.wsstream.jakarta;

import java.io.IOException;
import java.security.Principal;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;

import org.eclipse.jetty.ee11.websocket.jakarta.server.config.ContainerDefaultConfigurator;
import org.eclipse.jetty.server.HttpStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upgrades each handshake wsstream admitted through the Jakarta 2.1 programmatic upgrade, with a
 * configuration made for that one session: no endpoint is ever mapped into Jetty's container, which could not
 * unmap it.
 */
final class UpgradeServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(UpgradeServlet.class);

    private final transient EndpointDeployment endpoint;
    private final transient Supplier<ServerContainer> container;

    UpgradeServlet(EndpointDeployment endpoint, Supplier<ServerContainer> container) {
        this.endpoint = endpoint;
        this.container = container;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object release = request.getAttribute(UpgraderContract.RELEASE_ATTRIBUTE);
        if (!(release instanceof Runnable)) {
            // Only wsstream's routing, after its admission, hands requests here.
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        String path = request.getPathInfo();
        Map<String, String> parameters = endpoint.pathParameters(path);
        String pathForJakarta = endpoint.definition().isAnnotated() ? endpoint.definition().annotationPathOf(parameters) : path;
        if (pathForJakarta == null) {
            // wsstream's routing matched the template, Jetty's reading of it did not: no session, the place back
            LOG.info("Jakarta endpoint {} on {}: the path {} does not fill its template: 404", endpoint.definition().endpointClass().getName(),
                    endpoint.definition().path(), path);
            ((Runnable) release).run();
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        @SuppressWarnings("unchecked") // impl-bundle's upgrader contract (RouteSource)
        Function<Object, Runnable> listAsStream = request.getAttribute(UpgraderContract.STREAM_ATTRIBUTE) instanceof Function<?, ?> f
                ? (Function<Object, Runnable>) f : null;
        AdmittedSession session = endpoint.admit((Runnable) release, listAsStream);
        ServerEndpointConfig config = endpoint.configFor(session);
        UpgradeRequest upgradeRequest = new UpgradeRequest(request, (Principal) request.getAttribute(UpgraderContract.PRINCIPAL_ATTRIBUTE),
                pathForJakarta);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // The container-default Configurator is found with ServiceLoader on the thread context class loader.
        thread.setContextClassLoader(ContainerDefaultConfigurator.class.getClassLoader());
        boolean upgraded = false;
        try {
            OwnConfigurators.upgrading(session, () -> container.get().upgradeHttpToWebSocket(upgradeRequest, response, config, parameters));
            upgraded = response.getStatus() == HttpServletResponse.SC_SWITCHING_PROTOCOLS;
        } catch (Exception failed) {
            LOG.warn("Jakarta endpoint {} refused the handshake on {}: {}", endpoint.definition().endpointClass().getName(), path,
                    failed.toString());
            LOG.debug("refused Jakarta handshake", failed);
            if (!response.isCommitted()) {
                response.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
            }
        } finally {
            thread.setContextClassLoader(previous);
            if (upgraded) {
                session.endsWith(request.getAttribute(HttpStream.UPGRADE_CONNECTION_ATTRIBUTE));
            } else {
                // Also when the upgrade failed after the 101 was committed: no session may come to give the place back
                // (one that Jetty still opens on the failing connection is served without a place, until that ends).
                session.finish();
            }
        }
    }
}
