/**
 * The runtime service: one {@link io.wsstream.api.runtime.WebsocketServerRuntime} per running server, as
 * {@code org.osgi.service.servlet.runtime.HttpServiceRuntime} is one per HTTP runtime.
 */
@Export
@Version("1.0.0")
package io.wsstream.api.runtime;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
