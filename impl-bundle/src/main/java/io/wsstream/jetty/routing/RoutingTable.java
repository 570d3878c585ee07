package io.wsstream.jetty.routing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The routes of one server, immutable: the winner per pattern among the valid handlers that target the
 * server, and the handlers they shadow.
 *
 * @param <S> see {@link HandlerInfo}
 */
public final class RoutingTable<S> {
    private static final Comparator<PathPattern> LONGEST_FIRST =
            Comparator.comparingInt((PathPattern p) -> p.base().length()).reversed().thenComparing(PathPattern::pattern);

    private final Map<String, HandlerInfo<S>> exact;
    private final List<HandlerInfo<S>> templates;
    private final List<HandlerInfo<S>> prefixesLongestFirst;
    private final List<HandlerInfo<S>> served;
    private final List<HandlerInfo<S>> shadowed;

    private RoutingTable(Map<String, HandlerInfo<S>> exact, List<HandlerInfo<S>> templates, List<HandlerInfo<S>> prefixes,
            List<HandlerInfo<S>> served, List<HandlerInfo<S>> shadowed) {
        this.exact = exact;
        this.templates = templates;
        this.prefixesLongestFirst = prefixes;
        this.served = served;
        this.shadowed = shadowed;
    }

    /** @param handlers valid handlers only */
    static <S> RoutingTable<S> of(Collection<HandlerInfo<S>> handlers) {
        Map<PathPattern, TreeSet<HandlerInfo<S>>> byPattern = new HashMap<>();
        for (HandlerInfo<S> handler : handlers) {
            byPattern.computeIfAbsent(handler.pattern(), p -> new TreeSet<>(HandlerInfo.PRECEDENCE)).add(handler);
        }
        Map<String, HandlerInfo<S>> exact = new HashMap<>();
        List<PathPattern> prefixPatterns = new ArrayList<>();
        List<PathPattern> templatePatterns = new ArrayList<>();
        List<HandlerInfo<S>> served = new ArrayList<>();
        List<HandlerInfo<S>> shadowed = new ArrayList<>();
        byPattern.forEach((pattern, candidates) -> {
            HandlerInfo<S> winner = candidates.first();
            served.add(winner);
            candidates.stream().skip(1).forEach(shadowed::add);
            if (pattern.isTemplate()) {
                templatePatterns.add(pattern);
            } else if (pattern.isPrefix()) {
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
        templatePatterns.sort(PathPattern.TEMPLATE_PRECEDENCE);
        List<HandlerInfo<S>> templates = new ArrayList<>();
        for (PathPattern pattern : templatePatterns) {
            templates.add(byPattern.get(pattern).first());
        }
        served.sort(Comparator.comparing(h -> h.pattern().pattern()));
        return new RoutingTable<>(Map.copyOf(exact), List.copyOf(templates), List.copyOf(prefixes), List.copyOf(served), List.copyOf(shadowed));
    }

    Optional<Route<S>> route(String path) {
        HandlerInfo<S> exactMatch = exact.get(path);
        if (exactMatch != null) {
            return Optional.of(new Route<>(exactMatch, path, null));
        }
        for (HandlerInfo<S> template : templates) {
            if (template.pattern().match(path).isPresent()) {
                return Optional.of(new Route<>(template, path, null));
            }
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
}
