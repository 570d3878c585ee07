package io.wsstream.benchmark.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineKeyTest {

    @Test
    void aKeyWsstreamAtNameNamesTheBaselineFolder(@TempDir Path target) {
        assertEquals("f51b4f9", WsstreamBaselineServer.name("wsstream@f51b4f9"));
        assertEquals("before-api1", WsstreamBaselineServer.name("wsstream@before-api1"));
        assertEquals(target.resolve("baselines/f51b4f9"), WsstreamBaselineServer.directory(target.resolve("bench"), "f51b4f9"));
    }

    @Test
    void theOtherServersNameNoBaseline() {
        for (String key : new String[] {"wsstream", "jetty", "paxweb", "wsstream-metrics", "wsstream-jakarta", "f51b4f9"}) {
            assertNull(WsstreamBaselineServer.name(key), key);
        }
    }

    @Test
    void aKeyWithoutAFolderNameIsRefused() {
        for (String key : new String[] {"wsstream@", "wsstream@ ", "wsstream@../bench", "wsstream@a/b"}) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> WsstreamBaselineServer.name(key));
            assertTrue(refused.getMessage().contains("benchmark/baseline.sh"), refused.getMessage());
        }
    }

    @Test
    void aBaselineNotBuiltIsRefusedNamingTheScriptThatBuildsIt(@TempDir Path target) throws Exception {
        Path bench = target.resolve("bench");
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> WsstreamBaselineServer.requireBuilt(bench, "f51b4f9"));
        assertTrue(refused.getMessage().contains("benchmark/baseline.sh <commit> f51b4f9"), refused.getMessage());

        Path built = Files.createDirectories(target.resolve("baselines/f51b4f9"));
        Files.writeString(built.resolve("wsstream.jar"), "");
        assertEquals(built, WsstreamBaselineServer.requireBuilt(bench, "f51b4f9"));
    }
}
