package io.wsstream.jetty.handshake;

import io.wsstream.jetty.content.PlainHttpHandlers;
import io.wsstream.jetty.content.StaticContent;
import io.wsstream.jetty.stream.StreamRegistry;
import io.wsstream.jetty.whiteboard.HandlerWhiteboard;

/**
 * The bundle's parts that every server's {@link RoutingHandler} answers requests with; one set for all servers.
 *
 * @param whiteboard the routing table of each server
 * @param streams where the streams of upgraded requests are made and kept
 * @param staticContent the files of bundles declaring {@code Wsstream-Static}
 * @param plainHttp the plain-HTTP handler services ({@code wsstream.http.path})
 */
public record RoutingParts(HandlerWhiteboard whiteboard, StreamRegistry streams, StaticContent staticContent, PlainHttpHandlers plainHttp) {}
