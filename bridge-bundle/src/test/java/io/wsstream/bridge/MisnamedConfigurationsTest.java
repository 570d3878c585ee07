package io.wsstream.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class MisnamedConfigurationsTest {

    @Test
    void aNamedPidOfABridgeOrForwarderIsRecognised() {
        assertEquals(Optional.of("io.wsstream.bridge.tcp"), MisnamedConfigurations.meantFor("io.wsstream.bridge.tcp~redis"));
        assertEquals(Optional.of("io.wsstream.bridge.forward"), MisnamedConfigurations.meantFor("io.wsstream.bridge.forward~redis"));
    }

    @Test
    void otherPidsAreNot() {
        assertEquals(Optional.empty(), MisnamedConfigurations.meantFor("io.wsstream.bridge.tcp"));
        assertEquals(Optional.empty(), MisnamedConfigurations.meantFor("io.wsstream.bridge.tcpx~redis"));
        assertEquals(Optional.empty(), MisnamedConfigurations.meantFor("io.wsstream.server.factory~public"));
    }
}
