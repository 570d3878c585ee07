package io.wsstream.metrics;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The handler paths ({@code wsstream.path}: {@code /chat}, {@code /devices/*}, {@code /*}) one server serves, and
 * which of them a request path reached: the meters tag streams with the handler's path, not the request's, so a
 * wildcard handler is one series however many request paths it takes. The choice is the server's own: an equal
 * path first, then a template such as {@code /rooms/{id}} (a Jakarta endpoint's; one segment per variable; among
 * templates, the one with a literal segment at the first difference), then the longest prefix pattern.
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
        String template = null;
        for (String pattern : patterns) {
            if (pattern.equals(requestPath)) {
                return pattern;
            }
            if (pattern.indexOf('{') >= 0) {
                if (fillsTemplate(requestPath, pattern) && (template == null || literalFirst(pattern, template))) {
                    template = pattern;
                }
            } else if (pattern.endsWith(WILDCARD_SUFFIX)) {
                String base = pattern.substring(0, pattern.length() - WILDCARD_SUFFIX.length());
                boolean below = requestPath.equals(base) || requestPath.startsWith(base + "/");
                if (below && base.length() > bestBase) {
                    best = pattern;
                    bestBase = base.length();
                }
            }
        }
        return template != null ? template : best;
    }

    private static boolean fillsTemplate(String requestPath, String template) {
        String[] path = requestPath.split("/", -1);
        String[] segments = template.split("/", -1);
        if (path.length != segments.length) {
            return false;
        }
        for (int i = 0; i < segments.length; i++) {
            if (isVariable(segments[i]) ? path[i].isEmpty() : !segments[i].equals(path[i])) {
                return false;
            }
        }
        return true;
    }

    /** @return whether {@code one} has a literal segment where the two first differ in kind */
    private static boolean literalFirst(String one, String other) {
        String[] a = one.split("/", -1);
        String[] b = other.split("/", -1);
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            if (isVariable(a[i]) != isVariable(b[i])) {
                return !isVariable(a[i]);
            }
        }
        return false;
    }

    private static boolean isVariable(String segment) {
        return segment.startsWith("{") && segment.endsWith("}");
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
