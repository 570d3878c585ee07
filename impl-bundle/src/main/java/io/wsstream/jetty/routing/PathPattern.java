package io.wsstream.jetty.routing;

import java.util.Optional;

/**
 * A validated {@code wsstream.path}: {@code /chat} matches only itself; {@code /devices/*} matches
 * {@code /devices} and everything below it; {@code /*} matches every path.
 */
public final class PathPattern {
    private static final String WILDCARD_SUFFIX = "/*";

    private final String pattern;
    private final String base;
    private final boolean prefix;

    private PathPattern(String pattern, String base, boolean prefix) {
        this.pattern = pattern;
        this.base = base;
        this.prefix = prefix;
    }

    /**
     * @return the pattern, or a sentence saying why {@code value} is not one
     */
    public static Result parse(Object value) {
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
        return new Result(new PathPattern(text, base, prefix), null);
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

    /**
     * @return the path info of {@code path} under this pattern: {@code null} for an exact match (and for
     *     the base of a prefix pattern), the rest starting with '/' below a prefix; empty when it does
     *     not match
     */
    Optional<String> match(String path) {
        if (path.equals(base)) {
            return Optional.of("");
        }
        if (prefix && path.length() > base.length() && path.startsWith(base) && path.charAt(base.length()) == '/') {
            return Optional.of(path.substring(base.length()));
        }
        return Optional.empty();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PathPattern && ((PathPattern) other).pattern.equals(pattern);
    }

    @Override
    public int hashCode() {
        return pattern.hashCode();
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
