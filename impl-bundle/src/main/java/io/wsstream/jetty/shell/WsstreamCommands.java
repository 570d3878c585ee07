package io.wsstream.jetty.shell;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

import io.wsstream.api.BroadcastResult;
import io.wsstream.api.CloseCodes;
import io.wsstream.api.StreamManager;
import io.wsstream.api.WebsocketServerStream;
import io.wsstream.api.runtime.WebsocketServerRuntime;
import io.wsstream.api.runtime.dto.DTOConstants;
import io.wsstream.api.runtime.dto.FailedAuthenticatorDTO;
import io.wsstream.api.runtime.dto.FailedHandlerDTO;
import io.wsstream.api.runtime.dto.HandlerDTO;
import io.wsstream.api.runtime.dto.ServerDTO;
import io.wsstream.api.runtime.dto.WhiteboardDTO;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import com.google.gson.ToNumberPolicy;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * What the {@code wsstream:*} commands answer, as text; {@link ShellCommands} prints it in the shells. Plain
 * methods with {@code String}/{@code int} parameters that return text, so no Gogo API is needed at
 * run time. Uses the public API only: {@link StreamManager}, {@link WebsocketServerRuntime} and the
 * runtime DTOs.
 *
 * <p>A stream is named by its id or by a unique beginning of it. Bad input (an unknown stream, a close
 * code that may not be sent, text that is not JSON) fails the command with an
 * {@link IllegalArgumentException} saying why. Sends wait up to {@link #WRITE_TIMEOUT} for the frame
 * to be written, so that the answer tells what happened.
 */
@Component(service = WsstreamCommands.class)
public final class WsstreamCommands {
    static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);

    private static final Gson JSON = new GsonBuilder()
            .setStrictness(Strictness.STRICT)
            .setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE)
            .create();

    private final BundleContext context;

    @Reference
    private StreamManager streams;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<WebsocketServerRuntime> servers;

    @Activate
    public WsstreamCommands(BundleContext context) {
        this.context = context;
    }

    /** {@code wsstream:servers}: the running servers, where they listen and what they counted. */
    public String servers() {
        Table table = new Table("NAME", "LISTENS", "ACCEPTED", "OPEN", "MSGS IN", "MSGS OUT", "REFUSED");
        for (WebsocketServerRuntime server : servers) {
            ServerDTO dto = server.getRuntimeDTO().serverDTO;
            table.row(server.name(), server.uri("/"), dto.accepted, dto.openStreams, dto.messagesIn, dto.messagesOut, refused(dto));
        }
        return table.size() == 0 ? "no wsstream server is running\n" : table.toString();
    }

    /** {@code wsstream:endpoints}: the served handlers, one per path. */
    public String endpoints() {
        WhiteboardDTO runtime = streams.getWhiteboardDTO();
        Table table = new Table("PATH", "SERVICE", "BUNDLE", "RANKING", "STREAMS");
        Arrays.stream(orEmpty(runtime.handlerDTOs, HandlerDTO[]::new))
                .sorted(Comparator.comparing((HandlerDTO h) -> h.path))
                .forEach(h -> table.row(h.path, h.serviceId, bundle(h.bundleId), h.ranking, h.openStreams));
        int refused = orEmpty(runtime.failedHandlerDTOs, FailedHandlerDTO[]::new).length;
        return table.toString() + table.size() + " served" + (refused == 0 ? "" : ", " + refused + " refused (wsstream:refused)") + "\n";
    }

    /** {@code wsstream:refused}: the handler services not served, and why; then the authenticators that are invalid. */
    public String refused() {
        WhiteboardDTO runtime = streams.getWhiteboardDTO();
        Table table = new Table("PATH", "SERVICE", "BUNDLE", "RANKING", "REASON", "DETAIL");
        Arrays.stream(orEmpty(runtime.failedHandlerDTOs, FailedHandlerDTO[]::new))
                .sorted(Comparator.comparing((FailedHandlerDTO f) -> String.valueOf(f.path)).thenComparingLong(f -> f.serviceId))
                .forEach(f -> table.row(f.path, f.serviceId, bundle(f.bundleId), f.ranking, reason(f.failureReason), f.failureMessage));
        String handlers = table.size() == 0 ? "no handler is refused\n" : table.toString();
        Table authenticators = new Table("AUTHENTICATOR", "BUNDLE", "REASON", "DETAIL");
        Arrays.stream(orEmpty(runtime.failedAuthenticatorDTOs, FailedAuthenticatorDTO[]::new))
                .forEach(f -> authenticators.row(f.serviceId, bundle(f.bundleId), reason(f.failureReason), f.failureMessage));
        return authenticators.size() == 0 ? handlers : handlers + "failed authenticators:\n" + authenticators;
    }

    /** {@code wsstream:streams}: every open stream. */
    public String streams() {
        return streamTable(streams.streams());
    }

    /** {@code wsstream:streams /chat}: the open streams on one path. */
    public String streams(String path) {
        return streamTable(streams.streams(path));
    }

    /** {@code wsstream:close <stream>}: closes a stream with 1000. */
    public String close(String stream) {
        return close(stream, CloseCodes.NORMAL, "closed from the shell");
    }

    /** {@code wsstream:close <stream> <code>}: closes a stream with a code. */
    public String close(String stream, int code) {
        return close(stream, code, "closed from the shell");
    }

    /** {@code wsstream:close <stream> <code> <reason>}: closes a stream with a code and reason. */
    public String close(String stream, int code, String reason) {
        if (!CloseCodes.isSendable(code)) {
            throw new IllegalArgumentException(code + " may not be sent in a close frame: use 1000-1003, 1007-1014 or 3000-4999");
        }
        WebsocketServerStream target = find(stream);
        awaitWritten(target.close(code, reason), "close frame");
        return "closed " + target.id() + " with " + code + "\n";
    }

    /** {@code wsstream:send <stream> <text>}: sends one text message, as it is (quote it in the shell). */
    public String send(String stream, String text) {
        WebsocketServerStream target = find(stream);
        awaitWritten(target.sendText(text), "message");
        return "sent to " + target.id() + "\n";
    }

    /**
     * {@code wsstream:broadcast /chat '{"name":"ops","text":"hi"}'}: sends a JSON value to every stream
     * on a path. Single quotes keep Gogo from reading the braces as a closure.
     */
    public String broadcast(String path, String json) {
        Object value;
        try {
            value = JSON.fromJson(json, Object.class);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("not JSON (a text is written \"in quotes\"): " + json, e);
        }
        BroadcastResult result = awaitWritten(streams.broadcast(path, value), "broadcast");
        return "broadcast to " + path + ": " + result.attempted() + " streams, " + result.written() + " written, "
                + result.failed() + " failed\n";
    }

    private String streamTable(Collection<WebsocketServerStream> open) {
        Instant now = Instant.now();
        Table table = new Table("ID", "PATH", "REMOTE", "AGE", "IN", "OUT", "SERVER");
        open.stream()
                .sorted(Comparator.comparing((WebsocketServerStream s) -> s.info().openedAt()))
                .forEach(s -> table.row(s.id(), s.path(), remote(s.info().remoteAddress()),
                        age(Duration.between(s.info().openedAt(), now)), Long.toString(s.statistics().messagesIn()),
                        Long.toString(s.statistics().messagesOut()), s.info().serverName()));
        if (table.size() == 0) {
            return "no open stream\n";
        }
        return table.toString() + (table.size() == 1 ? "1 open stream" : table.size() + " open streams") + "\n";
    }

    /** @return the open stream with that id, or the only one whose id starts with it */
    private WebsocketServerStream find(String idOrPrefix) {
        return streams.stream(idOrPrefix).orElseGet(() -> {
            List<WebsocketServerStream> matches = streams.streams().stream()
                    .filter(s -> s.id().startsWith(idOrPrefix))
                    .collect(Collectors.toList());
            if (matches.size() == 1) {
                return matches.get(0);
            }
            throw new IllegalArgumentException(matches.isEmpty() ? "no open stream " + idOrPrefix
                    : matches.size() + " open streams start with " + idOrPrefix + ": give more of the id");
        });
    }

    /** @return every refusal the server counted, whatever the reason */
    private static long refused(ServerDTO dto) {
        return dto.refusals.values().stream().mapToLong(Long::longValue).sum();
    }

    private String bundle(long bundleId) {
        Bundle bundle = context.getBundle(bundleId);
        return bundleId + " " + (bundle == null ? "(gone)" : bundle.getSymbolicName());
    }

    static String reason(int failureReason) {
        switch (failureReason) {
            case DTOConstants.FAILURE_REASON_SHADOWED:
                return "shadowed";
            case DTOConstants.FAILURE_REASON_SERVICE_NOT_GETTABLE:
                return "not gettable";
            case DTOConstants.FAILURE_REASON_VALIDATION_FAILED:
                return "invalid";
            case DTOConstants.FAILURE_REASON_NO_MATCHING_SERVER:
                return "no matching server";
            default:
                return "unknown (" + failureReason + ")";
        }
    }

    static String age(Duration age) {
        long seconds = Math.max(0, age.toSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format("%dm%02ds", seconds / 60, seconds % 60);
        }
        return String.format("%dh%02dm", seconds / 3600, seconds % 3600 / 60);
    }

    private static String remote(InetSocketAddress address) {
        return address == null ? "-" : address.getHostString() + ":" + address.getPort();
    }

    private static <T> T[] orEmpty(T[] array, IntFunction<T[]> empty) {
        return array == null ? empty.apply(0) : array;
    }

    private static <T> T awaitWritten(CompletionStage<T> stage, String what) {
        try {
            return stage.toCompletableFuture().get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(what + " not written within " + WRITE_TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending the " + what);
        }
    }
}
