/**
 * Component property types: {@code @WsstreamPath("/chat")} on a handler component sets {@code wsstream.path},
 * as {@code org.osgi.service.servlet.whiteboard.propertytypes} does for servlets. Each sets one property of
 * {@link io.wsstream.api.WebsocketConstants}; {@code @WsstreamPath} also requires the implementation.
 */
@Export
@Version("1.0.0")
package io.wsstream.api.propertytypes;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
