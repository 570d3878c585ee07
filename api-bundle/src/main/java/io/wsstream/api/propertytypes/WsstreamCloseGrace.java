package io.wsstream.api.propertytypes;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.wsstream.api.WebsocketConstants;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Component property type for {@link WebsocketConstants#CLOSE_GRACE_MILLIS}: how long the handler's open streams
 * may go on after the handler left, e.g. {@code @WsstreamCloseGrace(ms = 5000)}.
 *
 * <p>The element is named {@code ms} (not {@code value}) so that, with {@link #PREFIX_}, Declarative Services
 * names the property {@code wsstream.close.grace.ms}: a single {@code value} element would name it after the
 * annotation alone ({@code wsstream.close.grace}).
 */
@ComponentPropertyType
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface WsstreamCloseGrace {
    /** Prefixed to the element name by Declarative Services: the property is {@code wsstream.close.grace.ms}. */
    String PREFIX_ = "wsstream.close.grace.";

    /** @return milliseconds, at least 0 */
    long ms();
}
