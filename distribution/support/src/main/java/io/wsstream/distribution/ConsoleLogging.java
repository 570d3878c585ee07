package io.wsstream.distribution;

import java.util.logging.Level;
import java.util.logging.Logger;

import org.osgi.service.component.annotations.Component;

/**
 * Keeps the console readable: SPI Fly logs a line through {@code java.util.logging} for every service
 * provider it registers, a dozen at each start. Only its warnings are shown. This bundle starts
 * before SPI Fly (start level 1 in wsstream.bndrun).
 */
@Component
public final class ConsoleLogging {
    static final String SPI_FLY = "org.apache.aries.spifly";

    /** java.util.logging holds loggers weakly: this reference keeps the level set. */
    private final Logger spiFly = Logger.getLogger(SPI_FLY);

    public ConsoleLogging() {
        spiFly.setLevel(Level.WARNING);
    }
}
