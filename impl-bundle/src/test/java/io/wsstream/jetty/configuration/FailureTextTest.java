package io.wsstream.jetty.configuration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.BindException;
import java.nio.file.NoSuchFileException;

import org.junit.jupiter.api.Test;

class FailureTextTest {

    @Test
    void namesTheFailureAndItsCauseOnOneLine() {
        IOException bind = new IOException("Failed to bind to /127.0.0.1:8765", new BindException("Address already in use"));
        assertEquals("Failed to bind to /127.0.0.1:8765: Address already in use", FailureText.of(bind));
    }

    @Test
    void aCauseRepeatedByItsWrapperIsToldOnce() {
        NoSuchFileException missing = new NoSuchFileException("/etc/missing.p12");
        assertEquals("/etc/missing.p12", FailureText.of(new IllegalStateException(missing.getMessage(), missing)));
        assertEquals("java.nio.file.NoSuchFileException: /etc/missing.p12", FailureText.of(new RuntimeException(missing)));
    }

    @Test
    void causesBelowOneThatItsWrapperTellsAreLeftToTheStackTrace() {
        IOException wrongPassword = new IOException("keystore password was incorrect", new ArithmeticException("padding"));
        assertEquals("cannot load the keystore: java.io.IOException: keystore password was incorrect",
            FailureText.of(new IllegalArgumentException("cannot load the keystore: " + wrongPassword, wrongPassword)));
    }

    @Test
    void aFailureWithoutMessageIsNamedByItsClassAndLineBreaksBecomeSpaces() {
        assertEquals("java.lang.NullPointerException", FailureText.of(new NullPointerException()));
        assertEquals("first line second line", FailureText.of(new IOException("first line\n  second line")));
    }
}
