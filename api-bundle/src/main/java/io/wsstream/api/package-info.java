/**
 * wsstream: real-time websocket streams for OSGi, in the style of the OSGi HTTP Whiteboard.
 *
 * <p>A {@link io.wsstream.api.StreamHandler} registered as a service with the {@code wsstream.path}
 * property (see {@link io.wsstream.api.WsstreamPath}) is served by the wsstream implementation at that
 * path; it is retired, and its streams closed, as soon as the service goes away. The
 * {@link io.wsstream.api.StreamManager} service lists every open stream. The
 * {@link io.wsstream.api.WebsocketClientStreamFactory} opens client streams with {@link io.wsstream.api.ClientOptions}.
 */
@Export
@Version("1.0.0")
package io.wsstream.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
