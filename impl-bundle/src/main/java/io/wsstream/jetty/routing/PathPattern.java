package io.wsstream.jetty.routing;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A validated {@code wsstream.path}: {@code /chat} matches only itself; {@code /devices/*} matches
 * {@code /devices} and everything below it; {@code /*} matches every path. Where templates are allowed
 * (Jakarta endpoints), {@code /rooms/{id}} matches {@code /rooms/} and one more non-empty segment.
 */
public final class PathPattern {
    private static final String WILDCARD_SUFFIX = "/*";
    private static final Pattern VARIABLE = Pattern.compile("\\{[^{}]+\\}");
    /**
     * Jakarta WebSocket's order among templates matching one path: compared segment by segment, a literal
     * segment wins over a variable at the first place they differ.
     */
    static final Comparator<PathPattern> TEMPLATE_PRECEDENCE = (a, b) -> {
        for (int i = 0; i < Math.min(a.segments.size(), b.segments.size()); i++) {
            int order = Boolean.compare(isVariable(a.segments.get(i)), isVariable(b.segments.get(i)));
            if (order != 0) {
                return order;
            }
        }
        return a.pattern.compareTo(b.pattern);
    };

    private final String pattern;
    private final String base;
    private final boolean prefix;
    /** The segments of a template; {@code null} for an exact or prefix pattern. */
    private final List<String> segments;

    private PathPattern(String pattern, String base, boolean prefix, List<String> segments) {
        this.pattern = pattern;
        this.base = base;
        this.prefix = prefix;
        this.segments = segments;
    }

    /**
     * @return the pattern, or a sentence saying why {@code value} is not one
     */
    public static Result parse(Object value) {
        return parse(value, false);
    }

    /**
     * @param templatesAllowed whether segments such as {@code {id}} are variables (they are literal text otherwise)
     * @return the pattern, or a sentence saying why {@code value} is not one
     */
    public static Result parse(Object value, boolean templatesAllowed) {
        Result plain = parsePlain(value);
        if (!templatesAllowed || plain.pattern == null || (plain.pattern.pattern.indexOf('{') < 0 && plain.pattern.pattern.indexOf('}') < 0)) {
            return plain;
        }
        String text = plain.pattern.pattern;
        if (plain.pattern.prefix) {
            return Result.invalid("wsstream.path cannot be a template and end with '/*': " + text);
        }
        List<String> segments = List.of(text.substring(1).split("/", -1));
        for (String segment : segments) {
            if (!VARIABLE.matcher(segment).matches() && (segment.indexOf('{') >= 0 || segment.indexOf('}') >= 0)) {
                return Result.invalid("wsstream.path may use '{' and '}' only around a whole segment, as in /rooms/{id}: " + text);
            }
        }
        return new Result(new PathPattern(text, text, false, segments), null);
    }

    private static boolean isVariable(String segment) {
        return segment.startsWith("{") && segment.endsWith("}");
    }

    private static Result parsePlain(Object value) {
        if (!(value instanceof String)) {
            return Result.invalid("wsstream.path must be a String, not " + (value == null ? "missing" : value.getClass().getSimpleName()));
        }
        String text = (String) value;
        if (!text.startsWith("/")) {
            return Result.invalid("wsstream.path must start with '/': " + text);
        }
        boolean prefix = text.endsWith(WILDCARD_SUFFIX);
        String base = prefix ? text.substring(0, text.length() - WILDCARD_SUFFIX.length()) : text;
        if (base.indexOf('*') >= 0 || base.indexOf('?') >= 0 || base.indexOf('#') >= 0) {
            return Result.invalid("wsstream.path may use '*' only as a final '/*' and no '?' or '#': " + text);
        }
        if (base.contains("//") || (!prefix && base.length() > 1 && base.endsWith("/"))) {
            return Result.invalid("wsstream.path has an empty segment: " + text);
        }
        return new Result(new PathPattern(text, base, prefix, null), null);
    }

    /** @return the pattern as registered */
    public String pattern() {
        return pattern;
    }

    /** @return the exact path, or the path below which a prefix pattern matches ({@code ""} for {@code /*}) */
    public String base() {
        return base;
    }

    public boolean isPrefix() {
        return prefix;
    }

    /** @return whether the pattern has variable segments ({@code /rooms/{id}}) */
    public boolean isTemplate() {
        return segments != null;
    }

    /**
     * @return the path info of {@code path} under this pattern: {@code null} for an exact match (and for
     *     the base of a prefix pattern), the rest starting with '/' below a prefix; empty when it does
     *     not match
     */
    Optional<String> match(String path) {
        if (segments != null) {
            return matchesTemplate(path) ? Optional.of("") : Optional.empty();
        }
        if (path.equals(base)) {
            return Optional.of("");
        }
        if (prefix && path.length() > base.length() && path.startsWith(base) && path.charAt(base.length()) == '/') {
            return Optional.of(path.substring(base.length()));
        }
        return Optional.empty();
    }

    private boolean matchesTemplate(String path) {
        String[] parts = path.substring(1).split("/", -1);
        if (parts.length != segments.size()) {
            return false;
        }
        for (int i = 0; i < parts.length; i++) {
            String segment = segments.get(i);
            if (isVariable(segment) ? parts[i].isEmpty() : !segment.equals(parts[i])) {
                return false;
            }
        }
        return true;
    }

    /** @return what decides equality: the pattern, with variable names left out of a template ({@code /rooms/{}}) */
    private String key() {
        return segments == null ? pattern : VARIABLE.matcher(pattern).replaceAll("{}");
    }

    /** Templates that differ only in their variables' names are equal: they match the same paths and shadow each other. */
    @Override
    public boolean equals(Object other) {
        return other instanceof PathPattern && ((PathPattern) other).key().equals(key());
    }

    @Override
    public int hashCode() {
        return key().hashCode();
    }

    @Override
    public String toString() {
        return pattern;
    }

    /** A parsed pattern or why parsing failed. */
    public static final class Result {
        private final PathPattern pattern;
        private final String error;

        private Result(PathPattern pattern, String error) {
            this.pattern = pattern;
            this.error = error;
        }

        static Result invalid(String error) {
            return new Result(null, error);
        }

        public Optional<PathPattern> pattern() {
            return Optional.ofNullable(pattern);
        }

        public String error() {
            return error;
        }
    }
}
