package io.wsstream.client.stream;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import io.wsstream.api.client.WebsocketHandshakeException;

/** Turns what Jetty's connect future failed with into what the API promises. */
final class ConnectFailures {
    private ConnectFailures() {}

    /**
     * @param connectTimeout the timeout the attempt had, named in a {@link TimeoutException}
     * @return a {@link WebsocketHandshakeException} when the server refused the upgrade, a
     *     {@link TimeoutException} when the attempt timed out, an {@link IOException} otherwise
     */
    static Throwable describe(URI uri, Throwable failure, Duration connectTimeout) {
        Throwable top = unwrap(failure);
        int status = 0;
        for (Throwable t = top; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException) {
                TimeoutException timeout = new TimeoutException("connecting to " + uri + " timed out after " + connectTimeout.toMillis()
                        + " ms (connect.timeout.ms): " + t.getMessage());
                timeout.initCause(top);
                return timeout;
            }
            if (status == 0) {
                int answered = statusOf(t);
                status = answered == 101 ? 0 : Math.max(0, answered);
            }
        }
        if (status > 0) {
            return new WebsocketHandshakeException(status, "websocket handshake to " + uri + " refused with HTTP " + status, top);
        }
        if (top instanceof IOException) {
            return top;
        }
        return new IOException("connecting to " + uri + " failed: " + top, top);
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static int statusOf(Throwable t) {
        if (t instanceof org.eclipse.jetty.websocket.api.exceptions.UpgradeException) {
            return ((org.eclipse.jetty.websocket.api.exceptions.UpgradeException) t).getResponseStatusCode();
        }
        if (t instanceof org.eclipse.jetty.websocket.core.exception.UpgradeException) {
            return ((org.eclipse.jetty.websocket.core.exception.UpgradeException) t).getResponseStatusCode();
        }
        return 0;
    }
}
