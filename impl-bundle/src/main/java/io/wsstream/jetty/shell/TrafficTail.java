package io.wsstream.jetty.shell;

import java.io.PrintStream;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;

import io.wsstream.api.StreamManager;
import io.wsstream.api.TapSubscription;
import io.wsstream.api.TappedMessage;

/**
 * {@code wsstream:tail <path>}: prints the messages of a path as a {@link StreamManager#tap tap} sees them, on
 * the command's own thread (Gogo routes {@code System.out} per thread), until the command's thread is
 * interrupted (Ctrl-C in Karaf's and Gogo JLine's consoles) or, when a count is given, after that many messages
 * (the plain Gogo shell of the Felix distribution has no Ctrl-C of its own: there Ctrl-C stops the framework).
 * Then it prints how many messages the tap dropped because the shell did not print fast enough.
 */
final class TrafficTail implements Flow.Subscriber<TappedMessage> {
    /** Messages between the tap's thread and the printing thread; also the tap's own buffer. */
    static final int BUFFER = 1024;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());
    private static final Object END = new Object();

    /** Holds at most what was requested, and the end, so offering never fails. */
    private final BlockingQueue<Object> received = new ArrayBlockingQueue<>(BUFFER + 1);
    private volatile TapSubscription subscription;
    /** Set when the printing stops; a subscription that arrives later is cancelled at once. */
    private volatile boolean stopped;

    /**
     * Runs until interrupted, {@code limit} messages printed, or the end of the tap; prints on {@code out}.
     *
     * @param limit how many messages to print, or 0 for no limit
     */
    static void run(StreamManager streams, String path, long limit, PrintStream out) {
        if (limit < 0) {
            throw new IllegalArgumentException("the count of messages must not be negative: " + limit);
        }
        TrafficTail tail = new TrafficTail();
        streams.tap(path, true, BUFFER).subscribe(tail);
        out.println("tailing " + path + " (in and out)" + (limit == 0 ? "" : " for " + limit + " messages") + "; Ctrl-C stops");
        out.flush();
        tail.print(out, limit == 0 ? Long.MAX_VALUE : limit);
    }

    private void print(PrintStream out, long limit) {
        String end = "done";
        try {
            for (long printed = 0; printed < limit; printed++) {
                Object next = received.take();
                if (next == END) {
                    end = "tap ended";
                    break;
                }
                out.println(line((TappedMessage) next));
                out.flush();
                subscription.request(1);
            }
        } catch (InterruptedException stop) {
            // The shell's Ctrl-C: the way this command is meant to end, so it ends normally. Not kept set: the
            // session's output is an interruptible channel, which an interrupted thread could not write to.
            end = "stopped";
        } finally {
            stopped = true;
            TapSubscription current = subscription;
            long dropped = 0;
            if (current != null) {
                current.cancel();
                dropped = current.dropped();
            }
            out.println(end + ": " + dropped + " dropped");
            out.flush();
        }
    }

    static String line(TappedMessage message) {
        String payload = message.isText()
                ? message.text().replace("\r", "\\r").replace("\n", "\\n")
                : "binary " + message.bytes().remaining() + " bytes";
        String direction = message.direction() == TappedMessage.Direction.IN ? "in " : "out";
        return TIME.format(message.time()) + " " + message.streamId() + " " + direction + " " + payload;
    }

    @Override
    public void onSubscribe(Flow.Subscription given) {
        subscription = (TapSubscription) given;
        if (stopped) {
            given.cancel();
        } else {
            given.request(BUFFER);
        }
    }

    @Override
    public void onNext(TappedMessage message) {
        received.offer(message);
    }

    @Override
    public void onError(Throwable failure) {
        received.offer(END);
    }

    @Override
    public void onComplete() {
        received.offer(END);
    }
}
