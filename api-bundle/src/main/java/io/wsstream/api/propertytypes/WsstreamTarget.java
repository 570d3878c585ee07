package io.wsstream.api.propertytypes;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.wsstream.api.WebsocketConstants;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Component property type for {@link WebsocketConstants#TARGET}: the servers that serve a handler (or use an
 * authenticator), e.g. {@code @WsstreamTarget("(wsstream.server.name=internal)")}. Without it, every server.
 */
@ComponentPropertyType
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface WsstreamTarget {
    /** @return an LDAP filter over the server runtime properties */
    String value();
}
