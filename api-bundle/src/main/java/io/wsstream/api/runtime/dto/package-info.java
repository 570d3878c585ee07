/**
 * Runtime DTOs: what the whiteboard serves and refuses, in the style of
 * {@code org.osgi.service.servlet.runtime.dto}: public fields, failure reasons as int constants
 * ({@link io.wsstream.api.runtime.dto.DTOConstants}), refusal counters in one map keyed by
 * {@link io.wsstream.api.runtime.dto.RefusalReasons}, so that a new reason is a minor version.
 */
@Export
@Version("1.1.0")
package io.wsstream.api.runtime.dto;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
