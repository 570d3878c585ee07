package io.wsstream.api;

import org.osgi.annotation.versioning.ProviderType;

/** One accepted websocket connection, server side. */
@ProviderType
public interface WebsocketServerStream extends WebsocketStream {

    /** @return the request path the client connected to, without the query string, e.g. {@code /chat} */
    String path();

    /**
     * @return the part of the path below the handler's prefix pattern (for {@code /devices/*} and a
     *     request to {@code /devices/7}: {@code /7}), or {@code null} for an exact path
     */
    String pathInfo();

    /** @return what the handshake told about the peer; fixed for the life of the stream */
    StreamInfo info();

    /** @return the messages and bytes this stream has received and sent so far */
    StreamStatistics statistics();
}
