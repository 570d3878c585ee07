/**
 * The client side: the {@link io.wsstream.api.client.WebsocketClientStreamFactory} service opens client streams with
 * {@link io.wsstream.api.client.ClientOptions} (and a {@link io.wsstream.api.client.ReconnectPolicy}).
 */
@Export
@Version("1.0.0")
package io.wsstream.api.client;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
