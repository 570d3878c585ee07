package io.wsstream.jetty.server;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

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
        if (!isWebsocketUpgrade(request)) {
            return answerUpgradeRequired(response, callback, path);
        }
        ServerStream.HandlerBinding binding = bind(route.get());
        if (binding == null) {
            counters.refusedUnavailable();
            return answer(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, "the handler of " + path + " is not available");
        }
        AtomicBoolean streamCreated = new AtomicBoolean();
        boolean upgraded = container.upgrade((upgradeRequest, upgradeResponse, upgradeCallback) -> {
            streamCreated.set(true);
            return streams.newStream(binding, path, route.get().pathInfo(), serverSide);
        }, request, response, callback);
        if (!streamCreated.get()) {
            // Jetty refused the handshake before asking for an endpoint: the instance is not needed.
            binding.release();
        }
        return upgraded || answerUpgradeRequired(response, callback, path);
    }

    /**
     * @return the handler instance for one new stream, with a place in a pull endpoint's backlog; or
     *     {@code null} when neither can be had (503)
     */
    private ServerStream.HandlerBinding bind(Route<ComponentServiceObjects<StreamHandler>> route) {
        ComponentServiceObjects<StreamHandler> instances = route.handler().source();
        long serviceId = route.handler().serviceId();
        StreamHandler handler = HandlerInstances.obtain(instances);
        if (handler == null) {
            LOG.warn("handler {} for {} returned no instance: 503", route.handler(), route.path());
            if (whiteboard.isRegistered(serviceId)) {
                whiteboard.notGettable(serviceId);
            }
            return null;
        }
        ServerStream.HandlerBinding binding = new HandlerInstances.Binding(handler, serviceId, instances, whiteboard);
        if (handler instanceof PullAcceptor && !((PullAcceptor) handler).reserve()) {
            LOG.warn("pull endpoint {} has a full backlog: 503", route.path());
            binding.release();
            return null;
        }
        return binding;
    }

    private static boolean isWebsocketUpgrade(Request request) {
        String upgrade = request.getHeaders().get(HttpHeader.UPGRADE);
        return upgrade != null && upgrade.toLowerCase(Locale.ROOT).contains("websocket");
    }

    private boolean answerUpgradeRequired(Response response, Callback callback, String path) {
        counters.refusedUpgradeRequired();
        response.getHeaders().put(HttpHeader.UPGRADE, "websocket");
        response.getHeaders().put(HttpHeader.CONNECTION, "Upgrade");
        return answer(response, callback, HttpStatus.UPGRADE_REQUIRED_426, path + " is a websocket endpoint: upgrade required");
    }

    private static boolean answer(Response response, Callback callback, int status, String text) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
        response.write(true, BufferUtil.toBuffer(text + "\n", StandardCharsets.UTF_8), callback);
        return true;
    }
}
