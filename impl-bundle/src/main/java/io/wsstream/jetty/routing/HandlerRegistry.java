package io.wsstream.jetty.routing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Which handler serves which path on which server. Writers (the whiteboard on service events, servers
 * starting and stopping) are serialised; readers (every handshake) read an immutable {@link Snapshot}
 * from a volatile field without locking.
 *
 * <p>Each server has its own {@link RoutingTable} of the valid handlers whose target matches the
 * server's properties, so ranking and shadowing are decided per server: two handlers on one path that
 * target different servers are both served.
 *
 * @param <S> see {@link HandlerInfo}
 */
public final class HandlerRegistry<S> {
    private final Map<Long, HandlerInfo<S>> byServiceId = new HashMap<>();
    private final Map<String, Map<String, Object>> servers = new HashMap<>();
    private volatile Snapshot<S> snapshot = Snapshot.of(Map.of(), Map.of());

    /**
     * Adds a handler, or replaces the one with the same service id (its properties changed).
     *
     * @return the previous info of that service, if any
     */
    public synchronized Optional<HandlerInfo<S>> put(HandlerInfo<S> handler) {
        HandlerInfo<S> previous = byServiceId.put(handler.serviceId(), handler);
        rebuild();
        return Optional.ofNullable(previous);
    }

    /** @return the removed handler, if it was known */
    public synchronized Optional<HandlerInfo<S>> remove(long serviceId) {
        HandlerInfo<S> removed = byServiceId.remove(serviceId);
        if (removed != null) {
            rebuild();
        }
        return Optional.ofNullable(removed);
    }

    /**
     * Takes a handler out of service because its instance could not be obtained; another handler on its
     * path takes over. It returns to service when its properties change.
     */
    public synchronized void markNotGettable(long serviceId, String reason) {
        HandlerInfo<S> handler = byServiceId.get(serviceId);
        if (handler != null && handler.isValid()) {
            byServiceId.put(serviceId, handler.asNotGettable(reason));
            rebuild();
        }
    }

    /**
     * Adds a running server, whose properties the handlers' targets are matched against.
     *
     * @return {@code false}, changing nothing, when a server of that name is known already
     */
    public synchronized boolean putServer(String name, Map<String, Object> properties) {
        if (servers.containsKey(name)) {
            return false;
        }
        servers.put(name, Map.copyOf(properties));
        rebuild();
        return true;
    }

    public synchronized void removeServer(String name) {
        if (servers.remove(name) != null) {
            rebuild();
        }
    }

    /** @return whether the service is known, served or not */
    public boolean contains(long serviceId) {
        return snapshot.all.containsKey(serviceId);
    }

    /** @return the handler serving {@code path} on the server now */
    public Optional<Route<S>> route(String server, String path) {
        RoutingTable<S> table = snapshot.tables.get(server);
        return table == null ? Optional.empty() : table.route(path);
    }

    /** @return the servers whose table lists the handler (served or shadowed) */
    public Set<String> serversOf(long serviceId) {
        HandlerInfo<S> handler = snapshot.all.get(serviceId);
        if (handler == null || !handler.isValid()) {
            return Set.of();
        }
        return snapshot.servers.entrySet().stream().filter(server -> handler.target().matches(server.getValue()))
                .map(Map.Entry::getKey).collect(Collectors.toUnmodifiableSet());
    }

    public Snapshot<S> snapshot() {
        return snapshot;
    }

    /** @return the routing table of one server (empty for an unknown server) */
    public RoutingTable<S> table(String server) {
        return snapshot.tables.getOrDefault(server, RoutingTable.of(List.of()));
    }

    private void rebuild() {
        snapshot = Snapshot.of(byServiceId, servers);
    }

    /** Everything at one moment: each server's table, and the handlers no server can serve. */
    public static final class Snapshot<S> {
        private final Map<Long, HandlerInfo<S>> all;
        private final Map<String, Map<String, Object>> servers;
        private final Map<String, RoutingTable<S>> tables;
        private final List<HandlerInfo<S>> invalid;
        private final List<HandlerInfo<S>> unmatched;

        private Snapshot(Map<Long, HandlerInfo<S>> all, Map<String, Map<String, Object>> servers, Map<String, RoutingTable<S>> tables,
                List<HandlerInfo<S>> invalid, List<HandlerInfo<S>> unmatched) {
            this.all = all;
            this.servers = servers;
            this.tables = tables;
            this.invalid = invalid;
            this.unmatched = unmatched;
        }

        static <S> Snapshot<S> of(Map<Long, HandlerInfo<S>> handlers, Map<String, Map<String, Object>> servers) {
            List<HandlerInfo<S>> invalid = new ArrayList<>();
            List<HandlerInfo<S>> unmatched = new ArrayList<>();
            Map<String, List<HandlerInfo<S>>> perServer = new TreeMap<>();
            servers.keySet().forEach(name -> perServer.put(name, new ArrayList<>()));
            for (HandlerInfo<S> handler : handlers.values()) {
                if (!handler.isValid()) {
                    invalid.add(handler);
                    continue;
                }
                boolean matched = false;
                for (Map.Entry<String, Map<String, Object>> server : servers.entrySet()) {
                    if (handler.target().matches(server.getValue())) {
                        perServer.get(server.getKey()).add(handler);
                        matched = true;
                    }
                }
                if (!matched) {
                    unmatched.add(handler);
                }
            }
            Map<String, RoutingTable<S>> tables = new TreeMap<>();
            perServer.forEach((name, served) -> tables.put(name, RoutingTable.of(served)));
            return new Snapshot<>(Map.copyOf(handlers), Map.copyOf(servers), Collections.unmodifiableMap(tables), List.copyOf(invalid),
                    List.copyOf(unmatched));
        }

        /** @return each running server's table, by server name in order */
        public Map<String, RoutingTable<S>> tables() {
            return tables;
        }

        /** @return handlers with invalid properties, or taken out of service (not gettable) */
        public List<HandlerInfo<S>> invalid() {
            return invalid;
        }

        /** @return valid handlers whose target matches no running server */
        public List<HandlerInfo<S>> unmatched() {
            return unmatched;
        }
    }
}
