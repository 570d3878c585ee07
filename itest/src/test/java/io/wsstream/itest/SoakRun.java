package io.wsstream.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.wsstream.api.CloseCodes;

import org.junit.Test;

/**
 * A bounded soak run, not part of the test suite (its name does not end in IT): opens and closes many
 * connections and shows that the heap after GC stays flat. Run it with
 * {@code mvn -B verify -pl itest -am -Dit.test=SoakRun -Dwsstream.soak.connections=100000}.
 */
public class SoakRun extends WsstreamTestSupport {
    private static final int CONCURRENCY = 32;
    private static final int SAMPLES = 10;

    @Test
    public void heapStaysFlatOverManyConnections() throws Exception {
        int total = Integer.getInteger("wsstream.soak.connections", 20_000);
        serve("/soak", StreamLifecycleIT.ECHO);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        List<Long> heapAfterGc = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(CONCURRENCY);
        long started = System.nanoTime();
        try {
            int perSample = total / SAMPLES;
            for (int sample = 0; sample < SAMPLES; sample++) {
                List<Future<?>> rounds = new ArrayList<>();
                for (int worker = 0; worker < CONCURRENCY; worker++) {
                    int share = perSample / CONCURRENCY + (worker < perSample % CONCURRENCY ? 1 : 0);
                    rounds.add(clients.submit(() -> {
                        for (int i = 0; i < share; i++) {
                            try (RawWebsocket socket = RawWebsocket.open(uri("/soak"))) {
                                socket.text("ping");
                                socket.read();
                                socket.close(CloseCodes.NORMAL, new byte[0]);
                                socket.awaitClose();
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> round : rounds) {
                    round.get(10, TimeUnit.MINUTES);
                }
                await("all closed streams left the manager", () -> streams.streams("/soak").isEmpty());
                System.gc();
                long used = memory.getHeapMemoryUsage().getUsed();
                heapAfterGc.add(used);
                System.out.printf("soak: %,d connections, heap after GC %,d KiB, %.1f s%n", (sample + 1) * perSample, used / 1024,
                        (System.nanoTime() - started) / 1e9);
            }
        } finally {
            clients.shutdownNow();
        }
        long firstHalf = heapAfterGc.subList(1, SAMPLES / 2).stream().mapToLong(Long::longValue).max().orElseThrow();
        long last = heapAfterGc.get(SAMPLES - 1);
        System.out.printf("soak: heap after GC, largest of samples 2-%d: %,d KiB; last: %,d KiB%n", SAMPLES / 2, firstHalf / 1024, last / 1024);
        assertTrue("heap after GC grew from " + firstHalf + " to " + last, last <= firstHalf * 1.25);
        assertEquals(0, streams.streams().size());
    }
}
