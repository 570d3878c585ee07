package io.wsstream.monitor;

import java.net.InetSocketAddress;
import java.time.Instant;

import io.wsstream.api.StreamStatistics;
import io.wsstream.api.WebsocketServerStream;

/**
 * One open stream as the dashboard shows it, read once per snapshot.
 *
 * @param id the stream's id
 * @param handlerPath the path of the handler serving it ({@code /devices/*} for {@code /devices/7}): the chart's
 *     series, so a wildcard handler is one line, not one per request path
 * @param requestPath the path the client asked for, as a tap takes it
 * @param server the server's name
 * @param remote the peer's address
 * @param openedAt when it was accepted
 * @param statistics its counters
 */
record StreamReading(String id, String handlerPath, String requestPath, String server, String remote, Instant openedAt,
        StreamStatistics statistics) {

    static StreamReading of(WebsocketServerStream stream) {
        InetSocketAddress peer = stream.info().remoteAddress();
        return new StreamReading(stream.id(), handlerPath(stream.path(), stream.pathInfo()), stream.path(),
            stream.info().serverName(), peer == null ? "" : peer.getHostString() + ":" + peer.getPort(),
            stream.info().openedAt(), stream.statistics());
    }

    /** {@code /devices/7} with path info {@code /7} was served by {@code /devices/*}; an exact path by itself. */
    static String handlerPath(String requestPath, String pathInfo) {
        if (pathInfo == null || !requestPath.endsWith(pathInfo)) {
            return requestPath;
        }
        return requestPath.substring(0, requestPath.length() - pathInfo.length()) + "/*";
    }
}
