package io.wsstream.jetty.server;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import io.wsstream.api.StreamHandler;
import io.wsstream.jetty.routing.Route;
import io.wsstream.jetty.stream.PullAcceptor;
import io.wsstream.jetty.stream.ServerCounters;
import io.wsstream.jetty.stream.ServerSide;
import io.wsstream.jetty.stream.ServerStream;
import io.wsstream.jetty.stream.StreamRegistry;
import io.wsstream.jetty.whiteboard.HandlerWhiteboard;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;
import org.osgi.service.component.ComponentServiceObjects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers every request of a server from the whiteboard's routing table: 404 for a path no handler
 * serves, 426 for a plain request on a served path, otherwise a websocket upgrade to the handler that
 * serves the path now. Routing per request, rather than Jetty mappings, is what lets handlers come
 * and go: Jetty's container cannot remove a mapping.
 */
final class RoutingHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(RoutingHandler.class);

    private final ServerWebSocketContainer container;
    private final HandlerWhiteboard whiteboard;
    private final StreamRegistry streams;
    private final ServerSide serverSide;
    private final ServerCounters counters;

    RoutingHandler(Server server, HandlerWhiteboard whiteboard, StreamRegistry streams, ServerSide serverSide, ServerCounters counters) {
        this.container = ServerWebSocketContainer.ensure(server);
        this.whiteboard = whiteboard;
        this.streams = streams;
        this.serverSide = serverSide;
        this.counters = counters;
        addBean(container);
    }

    ServerWebSocketContainer container() {
        return container;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        Optional<Route<ComponentServiceObjects<StreamHandler>>> route = whiteboard.route(path);
        if (route.isEmpty()) {
            LOG.debug("no handler for {}: 404", path);
            counters.refusedNotFound();
            return answer(response, callback, HttpStatus.NOT_FOUND_404, "no websocket handler at " + path);
        }
        if (!container.upgrade((upgradeRequest, upgradeResponse, upgradeCallback) -> open(route.get(), upgradeResponse),
                request, response, callback)) {
            counters.refusedUpgradeRequired();
            response.getHeaders().put(HttpHeader.UPGRADE, "websocket");
            response.getHeaders().put(HttpHeader.CONNECTION, "Upgrade");
            return answer(response, callback, HttpStatus.UPGRADE_REQUIRED_426, path + " is a websocket endpoint: upgrade required");
        }
        return true;
    }

    /** Called by Jetty during the upgrade: a stream with its own handler instance, or {@code null} and a 503. */
    private ServerStream open(Route<ComponentServiceObjects<StreamHandler>> route, ServerUpgradeResponse upgradeResponse) {
        ComponentServiceObjects<StreamHandler> instances = route.handler().source();
        long serviceId = route.handler().serviceId();
        StreamHandler handler = HandlerInstances.obtain(instances);
        if (handler == null) {
            LOG.warn("handler {} for {} is not available: 503", route.handler(), route.path());
            return refuseUnavailable(upgradeResponse);
        }
        ServerStream.HandlerBinding binding = new HandlerInstances.Binding(handler, serviceId, instances, whiteboard);
        if (handler instanceof PullAcceptor && !((PullAcceptor) handler).reserve()) {
            LOG.warn("pull endpoint {} has a full backlog: 503", route.path());
            binding.release();
            return refuseUnavailable(upgradeResponse);
        }
        return streams.newStream(binding, route.path(), route.pathInfo(), serverSide);
    }

    private ServerStream refuseUnavailable(ServerUpgradeResponse upgradeResponse) {
        counters.refusedUnavailable();
        upgradeResponse.setStatus(HttpStatus.SERVICE_UNAVAILABLE_503);
        return null;
    }

    private static boolean answer(Response response, Callback callback, int status, String text) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
        response.write(true, BufferUtil.toBuffer(text + "\n", StandardCharsets.UTF_8), callback);
        return true;
    }
}
