package io.wsstream.jetty.stream;

import java.security.Principal;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.wsstream.api.BroadcastResult;
import io.wsstream.api.CloseCodes;
import io.wsstream.api.StreamManager;
import io.wsstream.api.TappedMessage;
import io.wsstream.api.WebsocketServerStream;
import io.wsstream.api.runtime.dto.WhiteboardDTO;
import io.wsstream.common.codec.JsonCodec;
import io.wsstream.common.stream.HandlerThreads;
import io.wsstream.common.stream.SerialExecutor;
import io.wsstream.jetty.whiteboard.HandlerWhiteboard;

import org.eclipse.jetty.http.HttpFields;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open server streams of every server: opening, finding, broadcasting and closing them; the
 * {@link StreamManager} service. Their threads are {@link StreamThreads}'. Closes the streams of handlers that
 * leave or move when the {@link HandlerWhiteboard} says so.
 */
@Component(service = {StreamRegistry.class, StreamManager.class})
public final class StreamRegistry implements StreamManager, HandlerWhiteboard.StreamCloser {
    private static final Logger LOG = LoggerFactory.getLogger(StreamRegistry.class);
    /** How long a stream closed for its outbound limit may take to write its close frame. */
    static final long DISCONNECT_DELAY_SECONDS = 3;

    private final Map<String, ServerStream> open = new ConcurrentHashMap<>();
    private final JsonCodec codec = new JsonCodec();
    private final HandlerThreads handlerThreads;
    private final ScheduledExecutorService timer;
    private final StreamListeners listeners;
    private final TrafficTaps taps;
    private final HandlerWhiteboard whiteboard;
    /** The sessions of upgraders (Jakarta endpoints), listed with the streams above. */
    private final UpgradedStreams upgraded;
    private final StreamTimings timings;

    @Activate
    public StreamRegistry(@Reference StreamThreads threads, @Reference StreamListeners listeners, @Reference TrafficTaps taps,
            @Reference HandlerWhiteboard whiteboard, @Reference StreamTimings timings) {
        this.handlerThreads = threads.handlerThreads();
        this.timer = threads.timer();
        this.listeners = listeners;
        this.taps = taps;
        this.whiteboard = whiteboard;
        this.upgraded = new UpgradedStreams(listeners, timer, codec);
        this.timings = timings;
        whiteboard.closeStreamsWith(this);
    }

    /** Closes every stream; {@link StreamThreads} stops after this, as DS deactivates a dependent first. */
    @Deactivate
    void deactivate() {
        whiteboard.closeStreamsWith(HandlerWhiteboard.StreamCloser.NONE);
        closeGracefully(stream -> true, Duration.ofSeconds(DISCONNECT_DELAY_SECONDS), "server stopping");
    }

    /**
     * Closes the streams of a stopping server with 1001 and waits for their closing handshakes, at most
     * {@code timeout}; then drops the connections of peers that did not answer.
     */
    public void closeGracefully(ServerSide server, Duration timeout, String reason) {
        closeGracefully(stream -> stream.server() == server, timeout, reason);
    }

    private void closeGracefully(Predicate<ServerStream> which, Duration timeout, String reason) {
        List<ServerStream> closing = open.values().stream().filter(which).collect(Collectors.toList());
        if (closing.isEmpty()) {
            return;
        }
        closing.forEach(stream -> stream.close(CloseCodes.GOING_AWAY, reason));
        try {
            CompletableFuture.allOf(closing.stream().map(ServerStream::closedFuture).toArray(CompletableFuture[]::new))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException notAllAnswered) {
            long late = closing.stream().filter(stream -> !stream.closedFuture().isDone()).count();
            LOG.warn("{} of {} streams did not finish closing within {} ms: disconnecting them", late, closing.size(), timeout.toMillis());
            closing.forEach(ServerStream::disconnect);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            closing.forEach(ServerStream::disconnect);
        } catch (ExecutionException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    @Override
    public void closeStreamsOfLater(long handlerServiceId, int code, String reason, Duration grace) {
        if (grace.isZero()) {
            closeStreamsOf(handlerServiceId, code, reason, server -> true);
        } else {
            timer.schedule(() -> closeStreamsOf(handlerServiceId, code, reason, server -> true), grace.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * @param principal the authenticated principal, or {@code null} for an anonymous connection
     * @param releaseConnection called when the connection ends (it may be called more than once)
     * @param handshakeHeaders the upgrade request's headers, immutable
     * @return a stream, not yet open, that Jetty will open with the given handler
     */
    public ServerStream newStream(HandlerBinding binding, String path, String pathInfo, ServerSide server,
            Principal principal, Runnable releaseConnection, HttpFields handshakeHeaders) {
        return binding.isPull()
                ? new PullServerStream(this, binding, path, pathInfo, server, principal, releaseConnection, handshakeHeaders)
                : new PushServerStream(this, binding, path, pathInfo, server, principal, releaseConnection, handshakeHeaders);
    }

    /** Runs a task at a fixed rate on the wsstream timer thread; the task must not block. */
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Duration period) {
        return timer.scheduleAtFixedRate(task, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** @return the open streams of one server */
    public List<ServerStream> streamsOn(ServerSide server) {
        return open.values().stream().filter(stream -> stream.server() == server).collect(Collectors.toList());
    }

    /** @return the open streams of one server and the sessions of its upgraders */
    public List<WebsocketServerStream> everyStreamOn(ServerSide server) {
        return Stream.concat(streamsOn(server).stream(), upgraded.on(server).stream()).collect(Collectors.toList());
    }

    /** @return where upgraders list their sessions */
    public UpgradedStreams upgraded() {
        return upgraded;
    }


    void opened(ServerStream stream) {
        open.put(stream.id(), stream);
        listeners.opened(stream);
        // The handler may have left between the handshake and now; its streams were closed without this one.
        if (!stream.isHandlerStillRegistered()) {
            stream.close(stream.handlerCloseCode(), "handler left");
        }
    }

    void closed(ServerStream stream) {
        if (open.remove(stream.id()) != null) {
            listeners.closed(stream);
        }
    }

    void disconnectLater(ServerStream stream) {
        timer.schedule(stream::disconnectIfStillOpen, DISCONNECT_DELAY_SECONDS, TimeUnit.SECONDS);
    }

    /** Disconnects a stream this side is closing if its closing handshake has not finished after {@code timeout}. */
    void disconnectAfter(ServerStream stream, Duration timeout) {
        long millis = timeout.toMillis();
        try {
            timer.schedule(() -> stream.disconnectUnanswered(millis), millis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException deactivated) {
            // The registry is gone (its deactivation closed the streams it knew): no timer will come back.
            stream.disconnect();
        }
    }

    /** @return a new stream's own serial executor on the shared handler threads */
    SerialExecutor newHandlerCalls() {
        return new SerialExecutor(handlerThreads);
    }

    JsonCodec codec() {
        return codec;
    }

    TrafficTaps taps() {
        return taps;
    }

    StreamTimings timings() {
        return timings;
    }

    @Override
    public Flow.Publisher<TappedMessage> tap(String path, boolean includeSent, int capacity) {
        return taps.publisher(path, includeSent, capacity);
    }

    @Override
    public WhiteboardDTO getWhiteboardDTO() {
        return whiteboard.whiteboardDTO(this::countOf);
    }

    @Override
    public Collection<WebsocketServerStream> streams() {
        return Stream.concat(open.values().stream(), upgraded.all().stream()).collect(Collectors.toUnmodifiableList());
    }

    @Override
    public Collection<WebsocketServerStream> streams(String path) {
        return Stream.concat(open.values().stream(), upgraded.all().stream()).filter(stream -> stream.path().equals(path))
                .collect(Collectors.toUnmodifiableList());
    }

    @Override
    public Optional<WebsocketServerStream> stream(String id) {
        ServerStream stream = open.get(id);
        return Optional.ofNullable(stream != null ? stream : upgraded.get(id));
    }

    /** @return the open streams of one handler */
    public Collection<WebsocketServerStream> streamsOf(long handlerServiceId) {
        return open.values().stream().filter(stream -> stream.handlerServiceId() == handlerServiceId)
                .collect(Collectors.toUnmodifiableList());
    }

    /** @return how many streams the handler serves now */
    public int countOf(long handlerServiceId) {
        return (int) open.values().stream().filter(stream -> stream.handlerServiceId() == handlerServiceId).count()
                + upgraded.countOf(handlerServiceId);
    }

    @Override
    public void closeStreamsOf(long handlerServiceId, int code, String reason, Predicate<String> onServer) {
        closeWhere(stream -> stream.handlerServiceId() == handlerServiceId && onServer.test(stream.server().name()), code, reason);
    }

    /**
     * Encodes once, then sends to each matching stream, and upgraders' sessions, without waiting for any of them;
     * timed, when observed, until the last stream took the message (not until it was written: that is each peer's
     * pace, and the result's).
     */
    @Override
    public CompletionStage<BroadcastResult> broadcast(String path, Object value, Predicate<? super WebsocketServerStream> filter) {
        boolean timed = timings.observed();
        long start = timed ? System.nanoTime() : 0;
        String text = codec.encode(value);
        int bytes = Utf8.length(text);
        List<ServerStream> targets = open.values().stream()
                .filter(stream -> stream.path().equals(path) && filter.test(stream))
                .collect(Collectors.toList());
        List<UpgradedStream> sessions = upgraded.where(stream -> stream.path().equals(path) && filter.test(stream));
        int attempted = targets.size() + sessions.size();
        CompletableFuture<BroadcastResult> result = new CompletableFuture<>();
        if (attempted == 0) {
            result.complete(new BroadcastResult(0, 0, 0));
            return result;
        }
        AtomicInteger written = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger remaining = new AtomicInteger(attempted);
        BiConsumer<Void, Throwable> done = (ignored, failure) -> {
            (failure == null ? written : failed).incrementAndGet();
            if (remaining.decrementAndGet() == 0) {
                result.complete(new BroadcastResult(attempted, written.get(), failed.get()));
            }
        };
        for (ServerStream stream : targets) {
            stream.sendText(text, bytes).whenComplete(done);
        }
        for (UpgradedStream session : sessions) {
            session.sendText(text).whenComplete(done);
        }
        if (timed) {
            // an upgrader's session knows no handler path: its request path names the series then
            String handlerPath = targets.isEmpty() ? path : targets.get(0).binding.handlerPath();
            timings.broadcastHandedOver(start, path, handlerPath, attempted);
        }
        return result;
    }

    private void closeWhere(Predicate<ServerStream> which, int code, String reason) {
        for (ServerStream stream : open.values()) {
            if (which.test(stream)) {
                LOG.debug("{}: closing with {} ({})", stream, code, reason);
                stream.close(code, reason);
            }
        }
    }
}
