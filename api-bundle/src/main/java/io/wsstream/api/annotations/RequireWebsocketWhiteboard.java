package io.wsstream.api.annotations;

import static io.wsstream.api.WebsocketConstants.IMPLEMENTATION;
import static io.wsstream.api.WebsocketConstants.IMPLEMENTATION_VERSION;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.wsstream.api.WebsocketConstants;

import org.osgi.annotation.bundle.Requirement;

/**
 * Adds a requirement on the wsstream implementation ({@code osgi.implementation=wsstream}) to the bundle
 * of the annotated class, so that a resolver installs the implementation with a handler bundle.
 */
@Requirement(namespace = WebsocketConstants.IMPLEMENTATION_NAMESPACE, name = IMPLEMENTATION, version = IMPLEMENTATION_VERSION)
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.PACKAGE})
public @interface RequireWebsocketWhiteboard {}
