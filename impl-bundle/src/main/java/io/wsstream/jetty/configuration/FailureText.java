package io.wsstream.jetty.configuration;

import java.util.ArrayList;
import java.util.List;

/**
 * A failure told in one line, for the ERROR line of a server that cannot start: its message and those of its
 * causes ("Failed to bind to /127.0.0.1:8765: Address already in use"), so the line names the cause without
 * the stack trace (which goes to DEBUG).
 */
final class FailureText {
    private FailureText() {}

    /**
     * @return the messages of the failure and its causes joined by ": ", down to the first cause that a message
     *     above it already tells: a wrapper that tells its cause has said what matters (Throwable(cause) takes
     *     cause.toString()), and what lies below is in the stack trace
     */
    static String of(Throwable failure) {
        List<String> parts = new ArrayList<>();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage() == null || cause.getMessage().isBlank() ? cause.getClass().getName() : cause.getMessage();
            if (String.join(": ", parts).contains(message)) {
                break;
            }
            parts.add(message);
        }
        return String.join(": ", parts).replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }
}
