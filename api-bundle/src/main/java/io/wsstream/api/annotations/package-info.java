/**
 * Requirement annotations: {@link io.wsstream.api.annotations.RequireWebsocketWhiteboard} makes a handler bundle
 * resolve only where the wsstream implementation is present, as {@code @RequireHttpWhiteboard} does for the
 * HTTP Whiteboard.
 */
@Export
@Version("1.0.0")
package io.wsstream.api.annotations;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
