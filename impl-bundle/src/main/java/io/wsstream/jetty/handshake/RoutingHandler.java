package io.wsstream.jetty.handshake;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import io.wsstream.api.StreamHandler;
import io.wsstream.api.WebsocketConstants;
import io.wsstream.jetty.content.PlainHttpHandlers;
import io.wsstream.jetty.content.StaticContent;
import io.wsstream.jetty.routing.Route;
import io.wsstream.jetty.routing.Subprotocols;
import io.wsstream.jetty.security.BearerTokens;
import io.wsstream.jetty.stream.HandlerBinding;
import io.wsstream.jetty.stream.Refusal;
import io.wsstream.jetty.stream.ServerCounters;
import io.wsstream.jetty.stream.ServerSide;
import io.wsstream.jetty.stream.StreamRegistry;
import io.wsstream.jetty.whiteboard.HandlerWhiteboard;
import io.wsstream.jetty.whiteboard.RouteSource;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.Configuration;
import org.eclipse.jetty.websocket.core.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.core.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.core.server.WebSocketMappings;
import org.eclipse.jetty.websocket.core.server.WebSocketNegotiator;
import org.eclipse.jetty.websocket.core.server.WebSocketServerComponents;
import org.osgi.service.component.ComponentServiceObjects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers every request of one server from the whiteboard's routing table of that server, once its
 * {@code Host} passed the host check (403 otherwise, against DNS rebinding): a plain GET
 * that no handler's path takes goes to {@link StaticContent} (the files of bundles declaring
 * {@code Wsstream-Static}), then 404 for a path no handler serves, 426 for a plain request on a served path, 400/405/426 for a malformed handshake, then
 * the {@link Admission} (origin 403, connection limit 503, authentication 401/403/500), 503 when the
 * handler's instance cannot be had, otherwise a websocket upgrade to the handler that serves the path
 * now. Routing per request, rather than Jetty mappings, is what lets handlers come and go: Jetty's
 * container cannot remove a mapping. The upgrade is websocket-core's, with the stream as its frame handler.
 */
public final class RoutingHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(RoutingHandler.class);

    /** Upgrades without path mappings of its own: the routing table chose the handler. */
    private final WebSocketMappings upgrades;
    /** The server's websocket settings, applied to each session at its upgrade. */
    private final Configuration.ConfigurationCustomizer configuration = new Configuration.ConfigurationCustomizer();
    private final String serverName;
    private final HandlerWhiteboard whiteboard;
    private final StreamRegistry streams;
    private final StaticContent staticContent;
    private final PlainHttpHandlers plainHttp;
    private final ServerSide serverSide;
    private final ServerCounters counters;
    private final Admission admission;

    /**
     * @param parts the bundle's parts, shared by every server
     * @param serverSide this server, as its streams know it (its name and counters)
     * @param admission who may open a stream on this server, and the settings its handshakes are checked against
     */
    public RoutingHandler(Server server, RoutingParts parts, ServerSide serverSide, Admission admission) {
        this.upgrades = new WebSocketMappings(WebSocketServerComponents.ensureWebSocketComponents(server));
        this.serverName = serverSide.name();
        this.whiteboard = parts.whiteboard();
        this.streams = parts.streams();
        this.staticContent = parts.staticContent();
        this.plainHttp = parts.plainHttp();
        this.serverSide = serverSide;
        this.counters = serverSide.counters();
        this.admission = admission;
    }

    public Configuration.ConfigurationCustomizer configuration() {
        return configuration;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        if (!admission.admitsHost(request, path)) {
            counters.refused(Refusal.HOST);
            return answer(response, callback, HttpStatus.FORBIDDEN_403, "this server does not answer to that Host");
        }
        Optional<Route<RouteSource>> route = whiteboard.route(serverName, path);
        if (route.isEmpty()) {
            PlainHttpHandlers.Entry plain = plainHttp.find(request, path, admission.serverProperties());
            if (plain != null) {
                // e.g. the metrics bundle's scrape endpoint: a plain GET, so the origin check applies when a page sent one
                if (!admission.admitsOrigin(request, path)) {
                    counters.refused(Refusal.ORIGIN);
                    return answer(response, callback, Refusal.ORIGIN.status(), "origin not allowed");
                }
                if (plain.authenticationRequired()) {
                    Admission.Verdict authenticated = admission.authenticate(request, path);
                    if (!authenticated.admitted()) {
                        return refuse(response, callback, authenticated);
                    }
                }
                return plainHttp.serve(plain, request, response, callback);
            }
            if (staticContent.offer(request, response, callback)) {
                return true; // a file of a bundle that declares Wsstream-Static
            }
            LOG.debug("no handler for {} on server {}: 404", path, serverName);
            counters.refused(Refusal.NOT_FOUND);
            return answer(response, callback, HttpStatus.NOT_FOUND_404, "no websocket handler at " + path);
        }
        HttpFields headers = request.getHeaders();
        HandshakeCheck.Verdict verdict = HandshakeCheck.check(request.getMethod(), headers.get(HttpHeader.UPGRADE),
                headers.get(HttpHeader.CONNECTION), headers.get(HttpHeader.SEC_WEBSOCKET_KEY),
                headers.get(HttpHeader.SEC_WEBSOCKET_VERSION));
        if (!verdict.passed()) {
            return refuse(request, response, callback, path, verdict);
        }
        Admission.Verdict admitted = admission.admit(request, path, route.get().handler().isAuthenticationRequired());
        if (!admitted.admitted()) {
            return refuse(response, callback, admitted);
        }
        if (route.get().handler().source() instanceof RouteSource.Upgrader upgrader) {
            return handOver(request, response, callback, route.get(), upgrader, admitted);
        }
        AtomicBoolean streamCreated = new AtomicBoolean();
        try {
            return upgrade(request, response, callback, route.get(), admitted, streamCreated);
        } finally {
            if (!streamCreated.get()) {
                admitted.permit.release();
            }
        }
    }

    /**
     * An admitted handshake for another bundle's upgrader (see {@link RouteSource}): it gets the request with
     * the place under the connection limit, which it gives back when its session ends.
     */
    private boolean handOver(Request request, Response response, Callback callback, Route<RouteSource> route, RouteSource.Upgrader upgrader,
            Admission.Verdict admitted) {
        request.setAttribute(RouteSource.RELEASE_ATTRIBUTE, admitted.permit);
        if (admitted.principal != null) {
            request.setAttribute(RouteSource.PRINCIPAL_ATTRIBUTE, admitted.principal);
        }
        request.setAttribute(RouteSource.STREAM_ATTRIBUTE, streams.upgraded().registrar(route.path(), route.pathInfo(),
                route.handler().serviceId(), serverSide, admitted.principal, request.getHeaders().asImmutable()));
        try {
            if (upgrader.handler().handle(request, response, callback)) {
                return true;
            }
        } catch (Exception failure) {
            LOG.warn("{} upgrader {} failed on {}: {}", upgrader.kind(), route.handler(), route.path(), failure.toString());
            LOG.debug("{} upgrader failure", upgrader.kind(), failure);
            if (response.isCommitted()) {
                admitted.permit.release();
                callback.failed(failure);
                return true;
            }
        }
        admitted.permit.release();
        counters.refused(Refusal.UNAVAILABLE);
        return answer(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, "the handler of " + route.path() + " is not available");
    }

    private boolean upgrade(Request request, Response response, Callback callback, Route<RouteSource> route,
            Admission.Verdict admitted, AtomicBoolean streamCreated) {
        String path = route.path();
        HandlerBinding binding = bind(route);
        if (binding == null) {
            // Given back before the answer: the client may try again the moment it reads the 503.
            admitted.permit.release();
            counters.refused(Refusal.UNAVAILABLE);
            return answer(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, "the handler of " + path + " is not available");
        }
        boolean deflate = admission.settings().permessageDeflate();
        List<String> subprotocols = route.handler().subprotocols();
        WebSocketNegotiator negotiator = (upgradeRequest, upgradeResponse, upgradeCallback) -> {
            negotiate(upgradeRequest, upgradeResponse, deflate, subprotocols);
            streamCreated.set(true);
            return streams.newStream(binding, path, route.pathInfo(), serverSide, admitted.principal, admitted.permit,
                    HandshakeHeaders.detach(upgradeRequest.getHeaders()));
        };
        boolean upgraded = upgrades.upgrade(negotiator, request, response, callback, configuration);
        if (!streamCreated.get()) {
            // Jetty refused the handshake before asking for an endpoint: neither the instance nor the place is needed.
            binding.release();
            admitted.permit.release();
        }
        return upgraded || refuse(request, response, callback, path, HandshakeCheck.check(request.getMethod(), null, null, null, null));
    }

    /**
     * Extensions and subprotocol: the first offered subprotocol the handler speaks; else {@code wsstream.bearer}
     * to a browser that sent its token that way (it must get one of its offers back); else none.
     */
    private static void negotiate(ServerUpgradeRequest request, ServerUpgradeResponse response, boolean deflate,
            List<String> spoken) {
        if (!deflate) {
            response.setExtensions(List.of());
        }
        List<String> offered = request.getSubProtocols();
        Optional<String> agreed = Subprotocols.choose(offered, spoken);
        if (agreed.isPresent()) {
            response.setAcceptedSubProtocol(agreed.get());
        } else if (BearerTokens.offersBearerSubprotocol(offered)) {
            response.setAcceptedSubProtocol(WebsocketConstants.BEARER_SUBPROTOCOL);
        }
    }

    /** A request that admission refused: counted by reason, answered with its status (401 with a Bearer challenge). */
    private boolean refuse(Response response, Callback callback, Admission.Verdict refused) {
        counters.refused(refused.refusal);
        if (refused.status == HttpStatus.UNAUTHORIZED_401) {
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
        }
        return answer(response, callback, refused.status, refused.message);
    }

    private boolean refuse(Request request, Response response, Callback callback, String path, HandshakeCheck.Verdict verdict) {
        if (verdict.status == HttpStatus.UPGRADE_REQUIRED_426 && verdict.extraHeader == HttpHeader.UPGRADE) {
            counters.refused(Refusal.UPGRADE_REQUIRED);
            response.getHeaders().put(HttpHeader.CONNECTION, "Upgrade");
        } else {
            counters.refused(Refusal.BAD_REQUEST);
            LOG.info("server {}: refused handshake for {} from {}: {} {}", serverName, path, Request.getRemoteAddr(request),
                    verdict.status, verdict.message);
        }
        if (verdict.extraHeader != null) {
            response.getHeaders().put(verdict.extraHeader, verdict.extraValue);
        }
        return answer(response, callback, verdict.status, verdict.message);
    }

    /**
     * @return the handler instance for one new stream, with a place in a pull endpoint's backlog; or
     *     {@code null} when neither can be had (503)
     */
    private HandlerBinding bind(Route<RouteSource> route) {
        RouteSource.Streams source = (RouteSource.Streams) route.handler().source();
        ComponentServiceObjects<StreamHandler> instances = source.instances();
        long serviceId = route.handler().serviceId();
        StreamHandler handler = HandlerInstances.obtain(instances);
        if (handler == null) {
            LOG.warn("handler {} for {} returned no instance: 503", route.handler(), route.path());
            if (whiteboard.isRegistered(serviceId)) {
                whiteboard.notGettable(serviceId);
            }
            return null;
        }
        HandlerInstances.Binding binding = new HandlerInstances.Binding(handler, serviceId, route.handler().pattern().pattern(),
                route.handler().closeCode(),
                instances, whiteboard, source.pull());
        if (binding.isPull() && !binding.reservePlace()) {
            LOG.warn("pull endpoint {} has a full backlog: 503", route.path());
            binding.release();
            return null;
        }
        return binding;
    }

    private static boolean answer(Response response, Callback callback, int status, String text) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
        response.write(true, BufferUtil.toBuffer(text + "\n", StandardCharsets.UTF_8), callback);
        return true;
    }
}
