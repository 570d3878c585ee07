package io.wsstream.jetty.whiteboard;

import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongToIntFunction;
import java.util.function.Predicate;

import io.wsstream.api.StreamHandler;
import io.wsstream.api.runtime.dto.RuntimeDTO;
import io.wsstream.api.runtime.dto.ServerDTO;
import io.wsstream.api.runtime.dto.WhiteboardDTO;
import io.wsstream.jetty.routing.HandlerInfo;
import io.wsstream.jetty.routing.HandlerRegistry;
import io.wsstream.jetty.routing.Route;
import io.wsstream.jetty.security.AuthenticatorWhiteboard;

import org.eclipse.jetty.server.Handler;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.annotations.ReferenceScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracks {@link StreamHandler} services: turns each into a validated {@link HandlerInfo}, keeps the
 * routing table current and has the streams of a handler that leaves or moves closed (by its {@link StreamCloser}).
 * Keeps the one record of the running servers: what handler targets are matched against, and what the DTOs list.
 * Knows no stream: the stream registry, which keeps them, uses this component, not the other way round.
 */
@Component(service = HandlerWhiteboard.class)
public final class HandlerWhiteboard {
    private static final Logger LOG = LoggerFactory.getLogger(HandlerWhiteboard.class);

    private final HandlerRegistry<RouteSource> registry = new HandlerRegistry<>();
    /** The running servers by name; their properties are in {@link #registry}, entered and removed together. */
    private final Map<String, RunningServerView> servers = new ConcurrentHashMap<>();

    /** Closes the streams of handlers that leave or move; none before the stream registry is active (no stream is open). */
    private volatile StreamCloser streams = StreamCloser.NONE;

    /** Who closes the streams of a handler that left or moved: the stream registry, while it is active. */
    public interface StreamCloser {
        StreamCloser NONE = new StreamCloser() {
            @Override
            public void closeStreamsOfLater(long handlerServiceId, int code, String reason, Duration grace) {}

            @Override
            public void closeStreamsOf(long handlerServiceId, int code, String reason, Predicate<String> onServer) {}
        };

        /** Closes a leaving handler's streams once its grace period is over (at once for a period of 0). */
        void closeStreamsOfLater(long handlerServiceId, int code, String reason, Duration grace);

        /** Closes the streams of a handler that left some servers, or its pattern. */
        void closeStreamsOf(long handlerServiceId, int code, String reason, Predicate<String> onServer);
    }

    /** @param closer closes the streams of handlers that leave or move from now on; {@link StreamCloser#NONE} when it goes */
    public void closeStreamsWith(StreamCloser closer) {
        this.streams = closer;
    }

    @Reference
    private AuthenticatorWhiteboard authenticators;

    private final PullEndpoints pullEndpoints;

    /** By constructor: the pull endpoints must be known before the first handler is bound. */
    @Activate
    public HandlerWhiteboard(@Reference PullEndpoints pullEndpoints) {
        this.pullEndpoints = pullEndpoints;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, scope = ReferenceScope.PROTOTYPE)
    void bindHandler(ComponentServiceObjects<StreamHandler> handler, Map<String, Object> properties) {
        add(HandlerProperties.parse(properties, streamsOf(handler, properties)));
    }

    void updatedHandler(ComponentServiceObjects<StreamHandler> handler, Map<String, Object> properties) {
        update(HandlerProperties.parse(properties, streamsOf(handler, properties)));
    }

    private RouteSource.Streams streamsOf(ComponentServiceObjects<StreamHandler> handler, Map<String, Object> properties) {
        return new RouteSource.Streams(handler, pullEndpoints.of(properties).orElse(null));
    }

    void unbindHandler(ComponentServiceObjects<StreamHandler> handler, Map<String, Object> properties) {
        long serviceId = HandlerProperties.serviceId(properties);
        registry.remove(serviceId).ifPresent(left -> {
            LOG.info("retiring {}: closing its streams with {} after {} ms", left, left.closeCode(), left.closeGraceMillis());
            streams.closeStreamsOfLater(serviceId, left.closeCode(), "handler left", Duration.ofMillis(left.closeGraceMillis()));
        });
    }

    /** Another bundle's websocket upgrade (see {@link RouteSource}): routed and admitted like a handler. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(" + RouteSource.UPGRADER_PROPERTY + "=*)")
    void bindUpgrader(Handler upgrader, Map<String, Object> properties) {
        HandlerInfo<RouteSource> info = upgraderInfo(upgrader, properties);
        if (properties.containsKey(RouteSource.FAILURE_PROPERTY)) {
            registry.put(info); // listed as failed; the upgrader logged why
        } else {
            add(info);
        }
    }

    void updatedUpgrader(Handler upgrader, Map<String, Object> properties) {
        registry.put(upgraderInfo(upgrader, properties));
        LOG.info("re-routed upgrader service {}", HandlerProperties.serviceId(properties));
    }

    /** The upgrader closes its own sessions; here it only leaves the routing table. */
    void unbindUpgrader(Handler upgrader, Map<String, Object> properties) {
        registry.remove(HandlerProperties.serviceId(properties)).ifPresent(left -> LOG.info("retired {}", left));
    }

    /** @return the upgrader's route, or its failure as the upgrader reported it (see {@link RouteSource}) */
    private static HandlerInfo<RouteSource> upgraderInfo(Handler upgrader, Map<String, Object> properties) {
        RouteSource.Upgrader source = new RouteSource.Upgrader(String.valueOf(properties.get(RouteSource.UPGRADER_PROPERTY)), upgrader);
        HandlerInfo<RouteSource> info = HandlerProperties.parse(properties, source, true);
        Object failure = properties.get(RouteSource.FAILURE_PROPERTY);
        if (failure == null) {
            return info;
        }
        if (Boolean.TRUE.equals(properties.get(RouteSource.NOT_GETTABLE_PROPERTY))) {
            return info.asNotGettable(String.valueOf(failure));
        }
        return HandlerInfo.invalid(info.serviceId(), info.bundleId(), info.ranking(), info.rawPath(), String.valueOf(failure), source);
    }

    private void add(HandlerInfo<RouteSource> info) {
        registry.put(info);
        if (info.isValid()) {
            LOG.info("serving {} from bundle {}", info, info.bundleId());
        } else {
            LOG.warn("refused {} from bundle {}: {}", info, info.bundleId(), info.invalidReason());
        }
    }

    private void update(HandlerInfo<RouteSource> info) {
        Set<String> serversBefore = registry.serversOf(info.serviceId());
        Optional<HandlerInfo<RouteSource>> previous = registry.put(info);
        previous.ifPresent(before -> {
            if (!samePattern(before, info)) {
                streams.closeStreamsOf(before.serviceId(), before.closeCode(), "handler moved", server -> true);
            } else {
                Set<String> left = new HashSet<>(serversBefore);
                left.removeAll(registry.serversOf(info.serviceId()));
                if (!left.isEmpty()) {
                    streams.closeStreamsOf(before.serviceId(), before.closeCode(), "handler moved", left::contains);
                }
            }
        });
        LOG.info("re-routed {}", info);
    }

    /** @return whether the handler still serves the pattern its streams were opened on */
    private static boolean samePattern(HandlerInfo<?> before, HandlerInfo<?> after) {
        return after.isValid() && after.pattern().equals(before.pattern());
    }

    /** @return the handler serving the path on the server now */
    public Optional<Route<RouteSource>> route(String server, String path) {
        return registry.route(server, path);
    }

    /** A running server as the whiteboard sees it. */
    public interface RunningServerView {
        String name();

        ServerDTO toDto();
    }

    /**
     * A server started: handlers whose {@code wsstream.target} matches its properties are served on it
     * from now on, and it is listed in the DTOs.
     *
     * @throws IllegalStateException when a server of that name is running already
     */
    public void serverStarted(RunningServerView server, Map<String, Object> properties) {
        if (!registry.putServer(server.name(), properties)) {
            throw new IllegalStateException("a wsstream server named '" + server.name() + "' is running already: server names must be unique");
        }
        servers.put(server.name(), server);
    }

    public void serverStopped(RunningServerView server) {
        servers.remove(server.name(), server);
        registry.removeServer(server.name());
    }

    /** Records that no instance of the handler could be obtained: failure reason 2, and re-routing. */
    public void notGettable(long serviceId) {
        LOG.warn("handler service {} returned no instance: taken out of service", serviceId);
        registry.markNotGettable(serviceId, "the handler service returned no instance (its factory failed or returned null)");
    }

    /** @return whether the handler service is still registered */
    public boolean isRegistered(long serviceId) {
        return registry.contains(serviceId);
    }

    /**
     * @param openStreams how many streams a handler (by service id) serves now
     * @return the view over every server ({@code StreamManager.getWhiteboardDTO()})
     */
    public WhiteboardDTO whiteboardDTO(LongToIntFunction openStreams) {
        WhiteboardDTO dto = RuntimeDtos.of(registry.snapshot(), openStreams);
        dto.failedAuthenticatorDTOs = authenticators.failedAuthenticators();
        dto.serverDTOs = servers.values().stream().map(RunningServerView::toDto).sorted(Comparator.comparing((ServerDTO server) -> server.name))
                .toArray(ServerDTO[]::new);
        return dto;
    }

    /**
     * @param server the DTO of the server whose view it is
     * @param serverProperties its runtime service properties, which authenticators' targets are matched against
     * @param openStreams how many streams a handler (by service id) serves now
     * @return that server's view of the whiteboard
     */
    public RuntimeDTO runtimeOf(ServerDTO server, Map<String, Object> serverProperties, LongToIntFunction openStreams) {
        RuntimeDTO dto = RuntimeDtos.ofServer(RuntimeDtos.of(registry.snapshot(), openStreams), server.name);
        dto.serverDTO = server;
        dto.failedAuthenticatorDTOs = authenticators.failedAuthenticators(serverProperties);
        return dto;
    }
}
