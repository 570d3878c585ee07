package io.wsstream.itest;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A websocket client that writes frames byte by byte, so tests can send what no well-behaved client
 * sends: unmasked frames, reserved bits and opcodes, broken UTF-8, bad close codes.
 */
public final class RawWebsocket implements AutoCloseable {
    public static final int CONTINUATION = 0x0;
    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;
    /** What {@link #awaitClose()} returns when the connection ended without a close frame. */
    public static final int NO_CLOSE_FRAME = -1;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int READ_TIMEOUT_MS = 10_000;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    /** A frame as the server sent it. */
    public record Frame(boolean fin, int opcode, byte[] payload) {
        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
        }

        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    /** The status line and headers of an HTTP answer. */
    public record HttpAnswer(int status, Map<String, String> headers) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private RawWebsocket(Socket socket) throws IOException {
        this.socket = socket;
        this.socket.setSoTimeout(READ_TIMEOUT_MS);
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connects and completes a proper handshake. */
    public static RawWebsocket open(URI uri) throws IOException {
        return open(new Socket(uri.getHost(), uri.getPort()), uri);
    }

    /**
     * Connects with a small TCP receive buffer and completes a proper handshake: a peer that then reads
     * nothing makes the server's writes back up after a few KiB.
     */
    public static RawWebsocket openWithReceiveBuffer(URI uri, int receiveBufferBytes) throws IOException {
        Socket socket = new Socket();
        // Before connect: the window is negotiated in the SYN.
        socket.setReceiveBufferSize(receiveBufferBytes);
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()));
        return open(socket, uri);
    }

    private static RawWebsocket open(Socket socket, URI uri) throws IOException {
        RawWebsocket raw = new RawWebsocket(socket);
        String key = Base64.getEncoder().encodeToString(randomBytes(16));
        HttpAnswer answer = raw.exchange("GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
                + "\r\nSec-WebSocket-Version: 13\r\n\r\n");
        if (answer.status() != 101) {
            raw.close();
            throw new AssertionError("handshake to " + uri + " answered " + answer.status());
        }
        return raw;
    }

    /** Sends a request as given (lines joined with CRLF, ending with an empty line) and reads the answer. */
    public static HttpAnswer request(URI uri, String... lines) throws IOException {
        try (RawWebsocket raw = new RawWebsocket(new Socket(uri.getHost(), uri.getPort()))) {
            return raw.exchange(String.join("\r\n", lines) + "\r\n\r\n");
        }
    }

    /**
     * Sends a request as given (lines joined with CRLF, ending with an empty line; add {@code Connection: close})
     * and reads everything the server answers until it closes the connection.
     *
     * @return the answer, status line, headers and body, as ISO-8859-1 text
     */
    public static String requestAll(URI uri, String... lines) throws IOException {
        try (RawWebsocket raw = new RawWebsocket(new Socket(uri.getHost(), uri.getPort()))) {
            raw.out.write((String.join("\r\n", lines) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            raw.out.flush();
            return new String(raw.in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private HttpAnswer exchange(String request) throws IOException {
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        String statusLine = readLine();
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        return new HttpAnswer(status, headers);
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new EOFException("connection closed in the HTTP answer");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    /** Sends one frame, exactly as described. */
    public void frame(boolean fin, int rsv, int opcode, byte[] payload, boolean masked) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write((fin ? 0x80 : 0) | (rsv & 0x7) << 4 | (opcode & 0xF));
        int maskBit = masked ? 0x80 : 0;
        if (payload.length < 126) {
            frame.write(maskBit | payload.length);
        } else if (payload.length <= 0xFFFF) {
            frame.write(maskBit | 126);
            frame.write(payload.length >> 8);
            frame.write(payload.length & 0xFF);
        } else {
            frame.write(maskBit | 127);
            frame.writeBytes(ByteBuffer.allocate(8).putLong(payload.length).array());
        }
        byte[] body = payload.clone();
        if (masked) {
            byte[] mask = randomBytes(4);
            frame.writeBytes(mask);
            for (int i = 0; i < body.length; i++) {
                body[i] ^= mask[i % 4];
            }
        }
        frame.writeBytes(body);
        out.write(frame.toByteArray());
        out.flush();
    }

    /** Sends a well-formed, masked, final frame. */
    public void frame(int opcode, byte[] payload) throws IOException {
        frame(true, 0, opcode, payload, true);
    }

    public void text(String text) throws IOException {
        frame(TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends a close frame with a code and a reason given as raw bytes. */
    public void close(int code, byte[] reason) throws IOException {
        ByteBuffer payload = ByteBuffer.allocate(2 + reason.length);
        payload.putShort((short) code).put(reason);
        frame(CLOSE, payload.array());
    }

    /** @return the next frame from the server */
    public Frame read() throws IOException {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        long length = second & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[Math.toIntExact(length)];
        in.readFully(payload);
        return new Frame((first & 0x80) != 0, first & 0x0F, payload);
    }

    /**
     * Reads until the server's close frame, skipping other frames.
     *
     * @return its close code, or {@link #NO_CLOSE_FRAME} if the connection ended without one
     */
    public int awaitClose() throws IOException {
        try {
            while (true) {
                Frame frame = read();
                if (frame.opcode() == CLOSE) {
                    return frame.closeCode();
                }
            }
        } catch (EOFException ended) {
            return NO_CLOSE_FRAME;
        }
    }

    /** @return whether the server closed the TCP connection (a read meets the end of the stream) */
    public boolean awaitEndOfStream() throws IOException {
        try {
            InputStream raw = socket.getInputStream();
            byte[] skipped = new byte[64 * 1024];
            while (true) {
                if (raw.read(skipped) < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    /** Drops the connection with a TCP reset, as a vanishing client does. */
    public void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
