package io.wsstream.example.readme;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * The property types set the service properties the whiteboard reads, with their names and types, as
 * Declarative Services writes them into the component description (bnd generates it before the tests run).
 */
class ComponentPropertiesTest {
    private static final Path RESTARTING = Path.of("target/classes/OSGI-INF/com.example.restart.RestartingHandler.xml");

    @Test
    void closeCodeAndCloseGraceSetTheirProperties() throws IOException {
        String component = Files.readString(RESTARTING);
        assertTrue(component.contains("<property name=\"wsstream.close.code\" type=\"Integer\" value=\"1012\"/>"), component);
        assertTrue(component.contains("<property name=\"wsstream.close.grace.ms\" type=\"Long\" value=\"5000\"/>"), component);
    }
}
