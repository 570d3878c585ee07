package io.wsstream.common.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SerialExecutorTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    @Test
    void runsTasksInOrderAndNeverConcurrently() throws InterruptedException {
        SerialExecutor serial = new SerialExecutor(new HandlerThreads(pool, 2));
        List<Integer> seen = new ArrayList<>();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        int tasks = 10_000;
        CountDownLatch done = new CountDownLatch(tasks);
        for (int i = 0; i < tasks; i++) {
            int index = i;
            Runnable task = () -> {
                maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                seen.add(index);
                running.decrementAndGet();
                done.countDown();
            };
            // mixed, as a stream mixes messages (run here) with close and error events (queued)
            if (i % 3 == 0) {
                serial.execute(task);
            } else {
                serial.runHere(task);
            }
        }
        assertTrue(done.await(10, TimeUnit.SECONDS));
        assertEquals(1, maxRunning.get());
        for (int i = 0; i < tasks; i++) {
            assertEquals(i, seen.get(i));
        }
    }

    @Test
    void runsOnTheCallingThreadWhenIdle() {
        SerialExecutor serial = new SerialExecutor(new HandlerThreads(pool, 1));
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        serial.runHere(() -> ranOn.set(Thread.currentThread()));
        assertSame(Thread.currentThread(), ranOn.get());
    }

    @Test
    void queuesBehindATaskThatIsStillRunning() throws InterruptedException {
        SerialExecutor serial = new SerialExecutor(new HandlerThreads(pool, 4));
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch second = new CountDownLatch(1);
        AtomicBoolean firstFinished = new AtomicBoolean();
        AtomicReference<Boolean> secondRanBeforeFirstReturned = new AtomicReference<>();
        AtomicReference<Boolean> firstFinishedBeforeSecondRan = new AtomicReference<>();
        serial.execute(() -> {
            started.countDown();
            await(release);
            // the last thing the first task does: a second task handed to another thread may have run by now
            secondRanBeforeFirstReturned.set(second.getCount() == 0);
            firstFinished.set(true);
        });
        assertTrue(started.await(5, TimeUnit.SECONDS));
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        serial.runHere(() -> {
            firstFinishedBeforeSecondRan.set(firstFinished.get());
            ranOn.set(Thread.currentThread());
            second.countDown();
        });
        assertEquals(1, second.getCount(), "the second task may not overtake the first");
        release.countDown();
        assertTrue(second.await(5, TimeUnit.SECONDS));
        assertEquals(Boolean.FALSE, secondRanBeforeFirstReturned.get(), "the second task ran before the first returned");
        assertEquals(Boolean.TRUE, firstFinishedBeforeSecondRan.get(), "the second task ran while the first was running");
        assertNotSame(Thread.currentThread(), ranOn.get());
    }

    @Test
    void handsOffWhenNoThreadMayBeLent() throws InterruptedException {
        HandlerThreads threads = new HandlerThreads(pool, 1);
        assertTrue(threads.tryLend());
        SerialExecutor serial = new SerialExecutor(threads);
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        serial.runHere(() -> {
            ranOn.set(Thread.currentThread());
            done.countDown();
        });
        assertTrue(done.await(5, TimeUnit.SECONDS));
        assertNotSame(Thread.currentThread(), ranOn.get());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
