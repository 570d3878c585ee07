package io.wsstream.api.propertytypes;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.wsstream.api.WebsocketConstants;
import io.wsstream.api.authentication.StreamAuthenticator;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Component property type (a marker) for {@link WebsocketConstants#AUTHENTICATION_REQUIRED}: the handler is
 * served only to connections a {@link StreamAuthenticator} accepted; others get 401 at the handshake.
 */
@ComponentPropertyType
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface WsstreamAuthenticationRequired {}
