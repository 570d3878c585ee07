package io.wsstream.api.propertytypes;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.wsstream.api.StreamHandler;
import io.wsstream.api.WebsocketConstants;
import io.wsstream.api.annotations.RequireWebsocketWhiteboard;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Component property type for {@link WebsocketConstants#PATH}: {@code @WsstreamPath("/chat")} on a
 * {@link StreamHandler} component serves it at {@code /chat}. It also requires the wsstream
 * implementation, so the handler bundle resolves only where one is present.
 *
 * <p>The annotation is named after the property it sets ({@code wsstream.path}), as Declarative
 * Services derives the property name of a single-element annotation from the annotation's name.
 */
@ComponentPropertyType
@RequireWebsocketWhiteboard
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface WsstreamPath {
    /** @return the path, e.g. {@code /chat} */
    String value();
}
