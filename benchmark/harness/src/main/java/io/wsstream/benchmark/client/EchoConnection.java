package io.wsstream.benchmark.client;

import java.nio.ByteBuffer;

import io.wsstream.benchmark.Payload;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * One client connection in a closed echo loop: it sends a message, waits for its echo, checks it is
 * exactly what was sent, records the round trip, and sends the next one, as long as its run lets it.
 * One message is outstanding at a time, so a message that was sent and not echoed when the connection
 * closed is a message lost.
 *
 * <p>Jetty calls the listener methods one at a time per connection; fields read from other threads are
 * volatile.
 */
public final class EchoConnection implements Session.Listener.AutoDemanding {
    private final EchoRun run;
    private final Payload payload;
    private final Payload.Binary binary;
    private volatile Session session;
    private volatile long sent;
    private volatile long received;
    private volatile boolean outstanding;
    private long seq;
    private long sentAt;

    EchoConnection(EchoRun run, Payload payload, int index) {
        this.run = run;
        this.payload = payload;
        this.binary = payload.isText() ? null : new Payload.Binary(index);
        this.seq = (long) index << 32;
    }

    @Override
    public void onWebSocketOpen(Session opened) {
        session = opened;
    }

    /** Sends the first message. */
    void start() {
        sendNext();
    }

    private void sendNext() {
        seq++;
        sentAt = System.nanoTime();
        outstanding = true;
        sent++;
        Callback failed = Callback.from(() -> {}, this::sendFailed);
        if (binary == null) {
            session.sendText(payload.text(seq), failed);
        } else {
            session.sendBinary(binary.message(seq), failed);
        }
    }

    private void sendFailed(Throwable failure) {
        run.error(this, "send failed: " + failure);
    }

    @Override
    public void onWebSocketText(String text) {
        if (!payload.isText() || !text.equals(payload.text(seq))) {
            run.failed(this, "echo does not match message " + seq + ": " + abbreviate(text));
            return;
        }
        echoed();
    }

    @Override
    public void onWebSocketBinary(ByteBuffer bytes, Callback callback) {
        boolean matches = binary != null && binary.matches(seq, bytes);
        callback.succeed();
        if (!matches) {
            run.failed(this, "binary echo does not match message " + seq);
            return;
        }
        echoed();
    }

    private void echoed() {
        long now = System.nanoTime();
        outstanding = false;
        received++;
        run.echoed(now - sentAt);
        if (run.mayContinue(received)) {
            sendNext();
        } else {
            run.finished(this);
        }
    }

    @Override
    public void onWebSocketClose(int code, String reason, Callback callback) {
        callback.succeed();
        run.closed(this, code, reason);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        if (session != null) {
            run.error(this, "error: " + cause);
        }
        // else a refused handshake: whoever connected counts those
    }

    long sent() {
        return sent;
    }

    long received() {
        return received;
    }

    /** @return whether a message was sent and its echo not yet received */
    boolean outstanding() {
        return outstanding;
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
