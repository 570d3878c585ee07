package io.wsstream.bridge.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.wsstream.bridge.runtime.BridgeRuntime;

import org.junit.jupiter.api.Test;

class BridgeCommandsTest {

    @Test
    void oneRowPerConfigurationSortedWithWhatItServesItsCountersOrItsProblem() throws Exception {
        Supplier<Map<String, Object>> running = () -> Map.of(BridgeRuntime.CONFIGURATION, "io.wsstream.bridge.tcp~redis",
            BridgeRuntime.KIND, BridgeRuntime.TCP, BridgeRuntime.STATE, BridgeRuntime.RUNNING, BridgeRuntime.SERVES, "/redis",
            BridgeRuntime.TARGET, "127.0.0.1:6379", BridgeRuntime.OPEN_CONNECTIONS, 2, BridgeRuntime.BYTES_TO_TARGET, 14L,
            BridgeRuntime.BYTES_FROM_TARGET, 7L);
        Supplier<Map<String, Object>> refused = () -> Map.of(BridgeRuntime.CONFIGURATION, "io.wsstream.bridge.forward~bad",
            BridgeRuntime.KIND, BridgeRuntime.FORWARD, BridgeRuntime.STATE, BridgeRuntime.REFUSED,
            BridgeRuntime.PROBLEM, "window=99: accepted a whole number from 1 to 16");
        BridgeCommands commands = new BridgeCommands();
        var field = BridgeCommands.class.getDeclaredField("bridges");
        field.setAccessible(true);
        field.set(commands, List.of(running, refused));

        assertEquals(""
            + "CONFIGURATION                   SERVES  TARGET          OPEN  BYTES TO TARGET  BYTES FROM TARGET  STATE\n"
            + "io.wsstream.bridge.forward~bad  -       -               -     -                -                  refused: window=99: accepted a whole number from 1 to 16\n"
            + "io.wsstream.bridge.tcp~redis    /redis  127.0.0.1:6379  2     14               7                  running\n"
            + "2 configurations\n", commands.table());

        field.set(commands, List.of());
        assertEquals("no bridge or forwarder is configured\n", commands.table());
    }
}
