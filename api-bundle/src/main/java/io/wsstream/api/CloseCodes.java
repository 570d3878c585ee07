package io.wsstream.api;

/** The websocket close codes wsstream uses (RFC 6455 section 7.4.1 and the IANA registry). */
public final class CloseCodes {
    /** The purpose of the connection was fulfilled. */
    public static final int NORMAL = 1000;
    /** The server is going away: its handler left, or the server stops. */
    public static final int GOING_AWAY = 1001;
    /** The peer broke the protocol. */
    public static final int PROTOCOL_ERROR = 1002;
    /** A message of a type the handler cannot accept, e.g. JSON decoding of a binary message. */
    public static final int UNSUPPORTED_DATA = 1003;
    /** Never sent: the close frame carried no code. */
    public static final int NO_STATUS = 1005;
    /** Never sent: the connection dropped without a close frame. */
    public static final int ABNORMAL = 1006;
    /** Invalid payload: malformed UTF-8, or JSON the handler could not decode. */
    public static final int INVALID_PAYLOAD = 1007;
    /** A policy was violated, e.g. the outbound limit of a stream. */
    public static final int POLICY_VIOLATION = 1008;
    /** A message exceeded the configured maximum size. */
    public static final int MESSAGE_TOO_BIG = 1009;
    /** The handler failed unexpectedly. */
    public static final int INTERNAL_ERROR = 1011;
    /** The service restarts; clients should reconnect. */
    public static final int SERVICE_RESTART = 1012;
    /** Never sent: the TLS handshake failed. */
    public static final int TLS_HANDSHAKE = 1015;

    private CloseCodes() {}

    /**
     * @param code a close code
     * @return whether the code may appear in a close frame (RFC 6455 section 7.4)
     */
    public static boolean isSendable(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }
}
