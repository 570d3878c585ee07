package io.wsstream.bridge;

/**
 * The ranges of both bridge PIDs, in one place: the Metatype declares them (these constants are its
 * {@code min} and {@code max}) and the settings enforce them, so an operator reads what is accepted where it
 * is checked. Texts, since annotation attributes take them so.
 */
final class Limits {
    static final String PORT_MIN = "1";
    static final String PORT_MAX = "65535";
    /** Beyond a few minutes the operating system gives up connecting anyway. */
    static final String CONNECT_TIMEOUT_MIN = "1";
    static final String CONNECT_TIMEOUT_MAX = "300000";
    static final String IDLE_TIMEOUT_MIN = "1";
    static final String IDLE_TIMEOUT_MAX = "86400000";
    /** A direct buffer of this size is allocated per connection and window slot. */
    static final String CHUNK_MIN = "512";
    static final String CHUNK_MAX = "1048576";
    static final String WINDOW_MIN = "1";
    static final String WINDOW_MAX = "16";
    static final String BACKLOG_MIN = "1";
    static final String BACKLOG_MAX = "10000";
    static final String CONNECTIONS_MIN = "1";
    static final String CONNECTIONS_MAX = "10000";
    static final String LINGER_MIN = "0";
    static final String LINGER_MAX = "300000";
    /** The forwarder holds up to window such messages per connection. */
    static final String MESSAGE_MIN = "1";
    static final String MESSAGE_MAX = "16777216";

    private Limits() {
    }
}
