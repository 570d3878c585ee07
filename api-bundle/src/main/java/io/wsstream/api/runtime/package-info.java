/**
 * The runtime service: one {@link io.wsstream.api.runtime.WebsocketServerRuntime} per running server, as
 * {@code org.osgi.service.servlet.runtime.HttpServiceRuntime} is one per HTTP runtime; its
 * {@code getRuntimeDTO()} is that server's view. The view over every server, which alone lists handlers that
 * match no server, is {@code StreamManager.getWhiteboardDTO()}. Since 1.1, the
 * {@link io.wsstream.api.runtime.StreamTimingObserver} whiteboard: how long handlers and broadcasts take.
 */
@Export
@Version("1.1.0")
package io.wsstream.api.runtime;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
