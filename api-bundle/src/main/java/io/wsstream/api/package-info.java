/**
 * wsstream: real-time websocket streams for OSGi, in the style of the OSGi HTTP Whiteboard. The core:
 * streams, handlers, the stream manager, the server stream factory, messages, close codes and constants.
 *
 * <p>A {@link io.wsstream.api.StreamHandler} registered as a service with the {@code wsstream.path}
 * property ({@link io.wsstream.api.propertytypes.WsstreamPath}) is served by the wsstream implementation at
 * that path; it is retired, and its streams closed, as soon as the service goes away. The
 * {@link io.wsstream.api.StreamManager} service lists every open stream and broadcasts to them.
 *
 * <p>The API is split as OSGi splits its own whiteboards ({@code org.osgi.service.servlet.*}), each package
 * exported and versioned on its own:
 * <ul>
 * <li>{@code io.wsstream.api}: this package, the core;</li>
 * <li>{@code io.wsstream.api.propertytypes}: the component property types ({@code @WsstreamPath}, ...);</li>
 * <li>{@code io.wsstream.api.annotations}: {@code @RequireWebsocketWhiteboard}, the requirement annotation;</li>
 * <li>{@code io.wsstream.api.authentication}: authenticators and what they see and decide;</li>
 * <li>{@code io.wsstream.api.client}: the client stream factory and its options;</li>
 * <li>{@code io.wsstream.api.runtime} and {@code io.wsstream.api.runtime.dto}: the server runtime service
 *     and its DTOs.</li>
 * </ul>
 *
 * <p>One type per mode: a stream served by a {@link io.wsstream.api.StreamHandler} (push) is a
 * {@link io.wsstream.api.WebsocketServerStream}, whose messages go to the handler; a stream whose messages the
 * program reads (pull) is a {@link io.wsstream.api.WebsocketPullStream}: a client stream, or a
 * {@link io.wsstream.api.WebsocketServerPullStream} taken from a {@link io.wsstream.api.PullStreamEndpoint}.
 * No method fails because of the mode it is called in: the pull methods exist only on pull types.
 *
 * <p>Naming rule. {@code Websocket*}: the websocket connections themselves and the services the
 * implementation registers to open or run them ({@code WebsocketStream} and its server, pull and client
 * kinds, {@code WebsocketServerStreamFactory}, {@code WebsocketClientStreamFactory},
 * {@code WebsocketServerRuntime}, {@code WebsocketConstants}, {@code WebsocketHandshakeException}).
 * {@code Stream*}: the roles and values around streams ({@code StreamHandler}, {@code StreamAuthenticator},
 * {@code StreamManager}, {@code StreamEndpoint}/{@code PullStreamEndpoint}, {@code StreamInfo},
 * {@code StreamStatistics}, {@code StreamClosedException}). {@code Wsstream*}: component property types, named
 * after the property they set ({@code wsstream.path}), as Declarative Services derives the property name
 * from the annotation's name. Plain nouns for values ({@code Message}, {@code CloseCodes},
 * {@code ClientOptions}); {@code *DTO} for the runtime DTOs.
 *
 * <p>{@code @ProviderType} marks what the implementation provides (a new method is a minor version for
 * users); {@code @ConsumerType} what users implement ({@code StreamHandler}, {@code StreamAuthenticator}).
 */
@Export
@Version("1.1.0")
package io.wsstream.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
