package io.wsstream.monitor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Flow;

import io.wsstream.api.TapSubscription;
import io.wsstream.api.TappedMessage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last messages of one path for one dashboard: a traffic tap's subscriber that keeps the newest
 * {@value #MESSAGES}, shortened for display. It requests without limit and only copies into its ring, so it keeps
 * up; what the tap drops anyway (its buffer full) is counted by the tap and shown.
 */
final class PathTail implements Flow.Subscriber<TappedMessage> {
    private static final Logger LOG = LoggerFactory.getLogger(PathTail.class);

    /** How many messages a tail keeps. */
    static final int MESSAGES = 20;
    /** Characters of a text message shown; the rest is cut. */
    static final int TEXT_SHOWN = 300;
    /** The tap's buffer for this subscriber. */
    static final int TAP_CAPACITY = 256;

    private final String path;
    private final ArrayDeque<Map<String, Object>> last = new ArrayDeque<>(MESSAGES);
    private Flow.Subscription subscription;
    private boolean cancelled;

    PathTail(String path) {
        this.path = path;
    }

    String path() {
        return path;
    }

    @Override
    public synchronized void onSubscribe(Flow.Subscription given) {
        if (cancelled) {
            given.cancel();
            return;
        }
        subscription = given;
        given.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(TappedMessage message) {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("time", message.time().toEpochMilli());
        shown.put("stream", message.streamId());
        shown.put("direction", message.direction() == TappedMessage.Direction.IN ? "in" : "out");
        if (message.isText()) {
            String text = message.text();
            shown.put("text", text.length() > TEXT_SHOWN ? text.substring(0, TEXT_SHOWN) + "…" : text);
        } else {
            shown.put("binary", message.bytes().remaining());
        }
        synchronized (this) {
            if (last.size() == MESSAGES) {
                last.removeFirst();
            }
            last.addLast(shown);
        }
    }

    @Override
    public void onError(Throwable error) {
        LOG.debug("tail of {} ended with an error", path, error);
    }

    @Override
    public void onComplete() {
        // wsstream stopped: the dashboard's own stream closes with it
    }

    /** Stops the tap; safe before the subscription arrived. */
    synchronized void cancel() {
        cancelled = true;
        if (subscription != null) {
            subscription.cancel();
        }
    }

    /** @return what the dashboard shows: the path, the messages the tap dropped for it, the last messages, oldest first */
    synchronized Map<String, Object> view() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("path", path);
        view.put("dropped", subscription instanceof TapSubscription tap ? tap.dropped() : 0L);
        List<Map<String, Object>> messages = new ArrayList<>(last);
        view.put("messages", messages);
        return view;
    }
}
