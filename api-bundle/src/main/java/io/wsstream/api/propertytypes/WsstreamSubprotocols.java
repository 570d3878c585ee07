package io.wsstream.api.propertytypes;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.wsstream.api.WebsocketConstants;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Component property type for {@link WebsocketConstants#SUBPROTOCOLS}: the subprotocols a handler speaks,
 * e.g. {@code @WsstreamSubprotocols({"chat.v2", "chat.v1"})}.
 */
@ComponentPropertyType
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface WsstreamSubprotocols {
    /** @return the subprotocol names, each an HTTP token */
    String[] value();
}
