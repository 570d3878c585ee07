package io.wsstream.metrics;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The handler paths ({@code wsstream.path}: {@code /chat}, {@code /devices/*}, {@code /*}) one server serves, and
 * which of them a request path reached: the meters tag streams with the handler's path, not the request's, so a
 * wildcard handler is one series however many request paths it takes. The choice is the server's own: an equal
 * path first, then the longest prefix pattern.
 */
final class HandlerPaths {
    private static final String WILDCARD_SUFFIX = "/*";

    private final List<String> patterns;

    HandlerPaths(Collection<String> patterns) {
        this.patterns = List.copyOf(patterns);
    }

    List<String> patterns() {
        return patterns;
    }

    /** @return the pattern that serves the request path, or {@code null} when none does (the handler left) */
    String patternOf(String requestPath) {
        String best = null;
        int bestBase = -1;
        for (String pattern : patterns) {
            if (pattern.equals(requestPath)) {
                return pattern;
            }
            if (pattern.endsWith(WILDCARD_SUFFIX)) {
                String base = pattern.substring(0, pattern.length() - WILDCARD_SUFFIX.length());
                boolean below = requestPath.equals(base) || requestPath.startsWith(base + "/");
                if (below && base.length() > bestBase) {
                    best = pattern;
                    bestBase = base.length();
                }
            }
        }
        return best;
    }

    /** @return for each pattern, how many of the request paths it serves (every pattern present, 0 for none) */
    Map<String, Integer> count(Iterable<String> requestPaths) {
        Map<String, Integer> counts = new HashMap<>();
        patterns.forEach(pattern -> counts.put(pattern, 0));
        for (String path : requestPaths) {
            String pattern = patternOf(path);
            if (pattern != null) {
                counts.merge(pattern, 1, Integer::sum);
            }
        }
        return counts;
    }
}
