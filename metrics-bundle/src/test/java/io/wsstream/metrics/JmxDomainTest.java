package io.wsstream.metrics;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JmxDomainTest {

    @Test
    void namesThatCanBeAnMBeanDomain() {
        assertTrue(WsstreamMetrics.isJmxDomain("wsstream"));
        assertTrue(WsstreamMetrics.isJmxDomain("io.wsstream.metrics"));
    }

    @Test
    void textThatCannotBeAnMBeanDomainIsRefused() {
        for (String domain : new String[] {null, "", "a:b", "ws*", "ws?", "a\nb"}) {
            assertFalse(WsstreamMetrics.isJmxDomain(domain), String.valueOf(domain));
        }
    }
}
