/** Runtime DTOs: what the whiteboard serves and refuses, in the style of the Servlet Whiteboard's DTOs. */
@Export
@Version("1.1.0")
package io.wsstream.api.runtime;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
