package io.wsstream.api.client;

import io.wsstream.api.WebsocketPullStream;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One websocket connection opened by the {@link WebsocketClientStreamFactory}: pull style, its messages are
 * read with {@link #messages()} or {@link #receive()}. With a {@link ReconnectPolicy} it stays the same object
 * across reconnections. Its {@link #attributes()} are the program's own.
 */
@ProviderType
public interface WebsocketClientStream extends WebsocketPullStream {}
