package io.wsstream.jetty.handshake;

/**
 * What one server's handshakes are checked against, as its configuration gives it: made by the configuration
 * package, which builds the handshake's parts, and read here per request through a supplier, so that a
 * configuration change applies to the next handshake.
 *
 * @param maxConnections streams and handshakes in progress the server allows at once ({@code max.connections})
 * @param origins the {@code Origin} check ({@code allowed.origins})
 * @param hosts the {@code Host} check against DNS rebinding ({@code allowed.hosts})
 * @param permessageDeflate whether the permessage-deflate extension may be negotiated
 */
public record HandshakeSettings(int maxConnections, OriginCheck origins, HostCheck hosts, boolean permessageDeflate) {}
