package io.wsstream.jetty.routing;

/**
 * The handler chosen for one request path.
 *
 * @param <S> see {@link HandlerInfo}
 */
public final class Route<S> {
    private final HandlerInfo<S> handler;
    private final String path;
    private final String pathInfo;

    Route(HandlerInfo<S> handler, String path, String pathInfo) {
        this.handler = handler;
        this.path = path;
        this.pathInfo = pathInfo;
    }

    public HandlerInfo<S> handler() {
        return handler;
    }

    /** @return the request path */
    public String path() {
        return path;
    }

    /** @return the path below a prefix pattern, or {@code null} for an exact match */
    public String pathInfo() {
        return pathInfo;
    }
}
