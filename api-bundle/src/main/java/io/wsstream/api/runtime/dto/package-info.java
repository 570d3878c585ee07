/**
 * Runtime DTOs: what the whiteboard serves and refuses, in the style of
 * {@code org.osgi.service.servlet.runtime.dto}: public fields, failure reasons as int constants.
 */
@Export
@Version("1.0.0")
package io.wsstream.api.runtime.dto;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
