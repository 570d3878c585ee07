package io.wsstream.jetty.server;

import io.wsstream.api.WebsocketConstants;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = WebsocketConstants.SERVER_PID, name = "wsstream server",
        description = "The embedded websocket server that serves StreamHandler services.")
@interface ServerConfig {
    @AttributeDefinition(description = "Name of this server, shown in StreamInfo and the server runtime service.")
    String name() default WebsocketConstants.DEFAULT_SERVER_NAME;

    @AttributeDefinition(description = "Host or address to listen on. The default accepts local connections only.")
    String host() default WebsocketConstants.DEFAULT_HOST;

    @AttributeDefinition(description = "Port to listen on; 0 picks a free one (see the wsstream.server.port property of the runtime service).")
    int port() default WebsocketConstants.DEFAULT_PORT;

    @AttributeDefinition(description = "Largest text message accepted, in bytes of UTF-8; a larger one closes the stream with 1009.")
    long max_text_message_bytes() default 1024 * 1024;

    @AttributeDefinition(description = "Largest binary message accepted, in bytes; a larger one closes the stream with 1009.")
    long max_binary_message_bytes() default 1024 * 1024;

    @AttributeDefinition(description = "Largest frame accepted, in bytes; a larger one closes the stream with 1009.")
    long max_frame_bytes() default 1024 * 1024;

    @AttributeDefinition(description = "Milliseconds without any frame in either direction after which a stream is closed (1001).")
    long idle_timeout_ms() default 300_000;

    @AttributeDefinition(description = "Bytes a stream may have queued for sending but not yet written; past it the stream "
            + "is closed with 1008 (a peer that does not read). One message larger than the limit is still sent when nothing else is queued.")
    long outbound_limit_bytes() default 4 * 1024 * 1024;

    @AttributeDefinition(description = "Milliseconds that stopping waits for open streams to close before disconnecting them.")
    long stop_timeout_ms() default 5000;
}
