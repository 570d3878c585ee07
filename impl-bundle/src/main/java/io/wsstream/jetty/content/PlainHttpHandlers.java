package io.wsstream.jetty.content;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.wsstream.api.WebsocketConstants;
import io.wsstream.jetty.routing.ServerTarget;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * wsstream's internal hook for plain HTTP beside the websockets, such as the metrics bundle's Prometheus endpoint:
 * a Jetty {@link Handler} service with {@value #PATH} (an exact path such as {@code /metrics}) and, optionally,
 * {@code wsstream.target} (which servers) is handed the plain GET requests of that path that no websocket handler
 * takes, after the host check and, when an {@code Origin} is sent, the origin check. With
 * {@code wsstream.authentication.required=true} the server's authenticators are asked too, as for a handshake to a
 * handler requiring authentication: served only when one accepts (401 when none does; 403, 500, 503 as there).
 * Without it no authenticator is asked. A value other than true or false is not served (fail closed). No exported
 * package: it is a contract between wsstream's own bundles, in Jetty's types. On one path, the service that ranks
 * highest wins.
 *
 * <p>Each server's routing handler is given this component (by the server components' reference) and calls
 * {@link #find}, then {@link #serve}.
 */
@Component(service = PlainHttpHandlers.class)
public final class PlainHttpHandlers {
    private static final Logger LOG = LoggerFactory.getLogger(PlainHttpHandlers.class);

    /** The service property naming the exact request path a handler service answers. */
    public static final String PATH = "wsstream.http.path";

    /**
     * One handler service that can be served.
     *
     * @param authenticationRequired whether a request is served only when an authenticator accepted it
     */
    public record Entry(Handler handler, String path, ServerTarget target, boolean authenticationRequired, int ranking, long serviceId) {}

    /** Highest ranking first, then the oldest service. */
    private volatile List<Entry> entries = List.of();

    @Reference(service = Handler.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(" + PATH + "=*)")
    synchronized void bindHandler(Handler handler, Map<String, Object> properties) {
        Entry entry = entryOf(handler, properties);
        if (entry == null) {
            return;
        }
        List<Entry> next = new ArrayList<>(entries);
        next.add(entry);
        next.sort((a, b) -> a.ranking() != b.ranking() ? Integer.compare(b.ranking(), a.ranking()) : Long.compare(a.serviceId(), b.serviceId()));
        entries = List.copyOf(next);
        LOG.info("serving plain HTTP GET {} with service {} on {}{}", entry.path(), entry.serviceId(), entry.target(),
                entry.authenticationRequired() ? ", to authenticated requests only" : "");
    }

    synchronized void unbindHandler(Handler handler, Map<String, Object> properties) {
        List<Entry> next = new ArrayList<>(entries);
        if (next.removeIf(entry -> entry.serviceId() == serviceId(properties))) {
            entries = List.copyOf(next);
        }
    }

    /**
     * @param path the request's path
     * @param serverProperties the properties of the server that received it, which a target is matched against
     * @return the handler service for a plain GET of exactly that path on that server, or {@code null}
     */
    public Entry find(Request request, String path, Map<String, Object> serverProperties) {
        if (!HttpMethod.GET.is(request.getMethod()) || request.getHeaders().contains(HttpHeader.UPGRADE)) {
            return null;
        }
        for (Entry entry : entries) {
            if (entry.path().equals(path) && entry.target().matches(serverProperties)) {
                return entry;
            }
        }
        return null;
    }

    /** Hands the request to the handler service; a failure is answered with 500 and one log line. */
    public boolean serve(Entry entry, Request request, Response response, Callback callback) {
        Handler handler = entry.handler();
        try {
            if (handler.handle(request, response, callback)) {
                return true;
            }
        } catch (Exception failed) {
            LOG.warn("the plain HTTP handler for {} failed: {}", Request.getPathInContext(request), failed.toString());
            LOG.debug("the plain HTTP handler failed", failed);
            if (response.isCommitted()) {
                callback.failed(failed);
                return true;
            }
            return answer(response, callback, HttpStatus.INTERNAL_SERVER_ERROR_500, "the handler failed");
        }
        return answer(response, callback, HttpStatus.NOT_FOUND_404, "not found");
    }

    private static boolean answer(Response response, Callback callback, int status, String text) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
        response.write(true, BufferUtil.toBuffer(text + "\n", StandardCharsets.UTF_8), callback);
        return true;
    }

    /** @return the entry, or {@code null} (logged) when the path or the target is not usable */
    private static Entry entryOf(Handler handler, Map<String, Object> properties) {
        long serviceId = serviceId(properties);
        Object path = properties.get(PATH);
        if (!(path instanceof String) || !((String) path).startsWith("/") || ((String) path).contains("?") || ((String) path).contains("#")) {
            LOG.warn("plain HTTP handler service {}: {} must be an absolute path such as /metrics, not {}: not served", serviceId, PATH, path);
            return null;
        }
        ServerTarget target;
        try {
            target = ServerTarget.of(properties);
        } catch (IllegalArgumentException invalid) {
            LOG.warn("plain HTTP handler service {}: {}: not served", serviceId, invalid.getMessage());
            return null;
        }
        Object required = properties.getOrDefault(WebsocketConstants.AUTHENTICATION_REQUIRED, false);
        String requiredText = String.valueOf(required).trim();
        if (!requiredText.equalsIgnoreCase("true") && !requiredText.equalsIgnoreCase("false")) {
            LOG.warn("plain HTTP handler service {}: {} must be true or false, not {}: not served", serviceId,
                    WebsocketConstants.AUTHENTICATION_REQUIRED, required);
            return null;
        }
        Object ranking = properties.get(Constants.SERVICE_RANKING);
        return new Entry(handler, (String) path, target, Boolean.parseBoolean(requiredText),
                ranking instanceof Integer ? (Integer) ranking : 0, serviceId);
    }

    private static long serviceId(Map<String, Object> properties) {
        return (Long) properties.get(Constants.SERVICE_ID);
    }
}
