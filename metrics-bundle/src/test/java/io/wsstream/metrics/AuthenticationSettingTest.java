package io.wsstream.metrics;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** prometheus.authentication.required: only a clear true or false is taken; DS would read any other text as false. */
class AuthenticationSettingTest {

    @Test
    void absentBooleanAndTrueOrFalseTextAreSettings() {
        for (Object setting : new Object[] {null, true, false, "true", "FALSE", "True"}) {
            assertTrue(WsstreamMetrics.isBoolean(setting), String.valueOf(setting));
        }
    }

    @Test
    void anyOtherValueIsRefused() {
        for (Object setting : new Object[] {"yes", "1", "", "true ", "on", 1}) {
            assertFalse(WsstreamMetrics.isBoolean(setting), String.valueOf(setting));
        }
    }
}
