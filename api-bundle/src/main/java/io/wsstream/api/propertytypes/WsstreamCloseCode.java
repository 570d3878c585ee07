package io.wsstream.api.propertytypes;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.wsstream.api.CloseCodes;
import io.wsstream.api.WebsocketConstants;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Component property type for {@link WebsocketConstants#CLOSE_CODE}: the code sent to the handler's
 * streams when it leaves, e.g. {@code @WsstreamCloseCode(CloseCodes.SERVICE_RESTART)}.
 */
@ComponentPropertyType
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface WsstreamCloseCode {
    /** @return a sendable close code */
    int value();
}
