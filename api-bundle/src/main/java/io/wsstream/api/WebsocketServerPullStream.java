package io.wsstream.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A server stream whose messages the program reads: what {@link PullStreamEndpoint#accept()} hands out.
 * Streams served by a {@link StreamHandler} are plain {@link WebsocketServerStream}s: their messages go to
 * the handler, so they have no pull methods.
 */
@ProviderType
public interface WebsocketServerPullStream extends WebsocketServerStream, WebsocketPullStream {}
