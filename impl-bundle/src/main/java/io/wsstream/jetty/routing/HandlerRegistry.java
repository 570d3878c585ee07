package io.wsstream.jetty.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Which handler serves which path. Writers (the whiteboard, on service events) are serialised; readers
 * (every handshake) read an immutable {@link RoutingTable} from a volatile field without locking.
 *
 * @param <S> see {@link HandlerInfo}
 */
public final class HandlerRegistry<S> {
    private final Map<Long, HandlerInfo<S>> byServiceId = new HashMap<>();
    private volatile RoutingTable<S> table = RoutingTable.empty();

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

    /** @return whether the service is known, served or not */
    public boolean contains(long serviceId) {
        return table.all.containsKey(serviceId);
    }

    /** @return the handler serving {@code path} now */
    public Optional<Route<S>> route(String path) {
        return table.route(path);
    }

    public RoutingTable<S> table() {
        return table;
    }

    private void rebuild() {
        table = RoutingTable.of(byServiceId);
    }

    /** An immutable view: the winners per pattern, the shadowed and the invalid handlers. */
    public static final class RoutingTable<S> {
        private static final Comparator<PathPattern> LONGEST_FIRST =
                Comparator.comparingInt((PathPattern p) -> p.base().length()).reversed().thenComparing(PathPattern::pattern);

        private final Map<Long, HandlerInfo<S>> all;
        private final Map<String, HandlerInfo<S>> exact;
        private final List<HandlerInfo<S>> prefixesLongestFirst;
        private final List<HandlerInfo<S>> served;
        private final List<HandlerInfo<S>> shadowed;
        private final List<HandlerInfo<S>> invalid;

        private RoutingTable(Map<Long, HandlerInfo<S>> all, Map<String, HandlerInfo<S>> exact, List<HandlerInfo<S>> prefixes,
                List<HandlerInfo<S>> served, List<HandlerInfo<S>> shadowed, List<HandlerInfo<S>> invalid) {
            this.all = all;
            this.exact = exact;
            this.prefixesLongestFirst = prefixes;
            this.served = served;
            this.shadowed = shadowed;
            this.invalid = invalid;
        }

        static <S> RoutingTable<S> empty() {
            return of(Map.of());
        }

        static <S> RoutingTable<S> of(Map<Long, HandlerInfo<S>> handlers) {
            Map<PathPattern, TreeSet<HandlerInfo<S>>> byPattern = new HashMap<>();
            List<HandlerInfo<S>> invalid = new ArrayList<>();
            for (HandlerInfo<S> handler : handlers.values()) {
                if (handler.isValid()) {
                    byPattern.computeIfAbsent(handler.pattern(), p -> new TreeSet<>(HandlerInfo.PRECEDENCE)).add(handler);
                } else {
                    invalid.add(handler);
                }
            }
            Map<String, HandlerInfo<S>> exact = new HashMap<>();
            List<PathPattern> prefixPatterns = new ArrayList<>();
            List<HandlerInfo<S>> served = new ArrayList<>();
            List<HandlerInfo<S>> shadowed = new ArrayList<>();
            byPattern.forEach((pattern, candidates) -> {
                HandlerInfo<S> winner = candidates.first();
                served.add(winner);
                candidates.stream().skip(1).forEach(shadowed::add);
                if (pattern.isPrefix()) {
                    prefixPatterns.add(pattern);
                } else {
                    exact.put(pattern.base(), winner);
                }
            });
            prefixPatterns.sort(LONGEST_FIRST);
            List<HandlerInfo<S>> prefixes = new ArrayList<>();
            for (PathPattern pattern : prefixPatterns) {
                prefixes.add(byPattern.get(pattern).first());
            }
            served.sort(Comparator.comparing(h -> h.pattern().pattern()));
            return new RoutingTable<>(Map.copyOf(handlers), Map.copyOf(exact), List.copyOf(prefixes), List.copyOf(served),
                    List.copyOf(shadowed), List.copyOf(invalid));
        }

        Optional<Route<S>> route(String path) {
            HandlerInfo<S> exactMatch = exact.get(path);
            if (exactMatch != null) {
                return Optional.of(new Route<>(exactMatch, path, null));
            }
            for (HandlerInfo<S> prefix : prefixesLongestFirst) {
                Optional<String> rest = prefix.pattern().match(path);
                if (rest.isPresent()) {
                    return Optional.of(new Route<>(prefix, path, rest.get().isEmpty() ? null : rest.get()));
                }
            }
            return Optional.empty();
        }

        /** @return the handlers that win their pattern, ordered by pattern */
        public List<HandlerInfo<S>> served() {
            return served;
        }

        /** @return valid handlers that lose to another on the same pattern */
        public List<HandlerInfo<S>> shadowed() {
            return shadowed;
        }

        /** @return handlers with invalid properties */
        public List<HandlerInfo<S>> invalid() {
            return invalid;
        }
    }
}
