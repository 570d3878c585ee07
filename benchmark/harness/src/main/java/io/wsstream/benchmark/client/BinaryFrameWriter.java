package io.wsstream.benchmark.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Random;

/**
 * A websocket client that only sends binary messages, one frame each, over a blocking socket, as a TCP
 * writer writes: the load client of the bridge section. It masks every frame with a fresh key as RFC 6455
 * requires, but eight bytes at a time, as browsers do in native code; Jetty's client masks four bytes at a
 * time through a {@code ByteBuffer} and, measured, spent more CPU per byte than the whole direct TCP path,
 * so the section would have measured the load client rather than the bridge. What the server does is the
 * same either way: it reads masked frames and unmasks them.
 */
final class BinaryFrameWriter implements AutoCloseable {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int OPCODE_BINARY = 0x2;
    private static final int OPCODE_CLOSE = 0x8;
    private static final int FIN = 0x80;
    private static final int MASKED = 0x80;

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final Random keys = new SecureRandom();
    private byte[] frame = new byte[0];

    private BinaryFrameWriter(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = socket.getInputStream();
    }

    /** Opens the connection and completes the handshake. */
    static BinaryFrameWriter connect(URI uri) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 20_000);
            socket.setTcpNoDelay(true);
            BinaryFrameWriter writer = new BinaryFrameWriter(socket);
            writer.handshake(uri);
            return writer;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private void handshake(URI uri) throws IOException {
        byte[] nonce = new byte[16];
        keys.nextBytes(nonce);
        String request = "GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString(nonce) + "\r\n\r\n";
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        // the server sends nothing after its 101 until it closes: reading byte by byte cannot take a frame's bytes
        while (!endsWithBlankLine(head)) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the handshake with " + uri + " ended without an answer");
            }
            head.write(b);
        }
        String status = head.toString(StandardCharsets.US_ASCII).lines().findFirst().orElse("");
        if (!status.startsWith("HTTP/1.1 101")) {
            throw new IOException("the handshake with " + uri + " was refused: " + status);
        }
    }

    private static boolean endsWithBlankLine(ByteArrayOutputStream head) {
        byte[] b = head.toByteArray();
        int n = b.length;
        return n >= 4 && b[n - 4] == '\r' && b[n - 3] == '\n' && b[n - 2] == '\r' && b[n - 1] == '\n';
    }

    /** Sends {@code length} bytes of {@code payload} as one binary message (one frame). */
    void sendBinary(byte[] payload, int length) throws IOException {
        writeFrame(OPCODE_BINARY, payload, length);
    }

    /** Sends a close frame (1000) and waits for the server's close frame or end of stream. */
    void closeNormally() throws IOException {
        writeFrame(OPCODE_CLOSE, new byte[] {0x03, (byte) 0xE8}, 2);
        byte[] discard = new byte[256];
        while (in.read(discard) >= 0) {
            // the server's close frame, then its end of stream
        }
    }

    private void writeFrame(int opcode, byte[] payload, int length) throws IOException {
        int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
        int size = header + 4 + length;
        if (frame.length < size) {
            frame = new byte[size];
        }
        frame[0] = (byte) (FIN | opcode);
        if (length < 126) {
            frame[1] = (byte) (MASKED | length);
        } else if (length <= 0xFFFF) {
            frame[1] = (byte) (MASKED | 126);
            frame[2] = (byte) (length >>> 8);
            frame[3] = (byte) length;
        } else {
            frame[1] = (byte) (MASKED | 127);
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) ((long) length >>> (56 - 8 * i));
            }
        }
        int key = keys.nextInt();
        int keyAt = header;
        frame[keyAt] = (byte) (key >>> 24);
        frame[keyAt + 1] = (byte) (key >>> 16);
        frame[keyAt + 2] = (byte) (key >>> 8);
        frame[keyAt + 3] = (byte) key;
        mask(payload, length, frame, keyAt + 4, keyAt);
        out.write(frame, 0, size);
    }

    /** Copies {@code length} bytes of {@code from} to {@code to} at {@code at}, XORed with the key at {@code keyAt}. */
    private static void mask(byte[] from, int length, byte[] to, int at, int keyAt) {
        long key4 = (long) LONGS.get(new byte[] {to[keyAt], to[keyAt + 1], to[keyAt + 2], to[keyAt + 3], 0, 0, 0, 0}, 0) & 0xFFFFFFFFL;
        long key8 = key4 | (key4 << 32);
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            LONGS.set(to, at + i, (long) LONGS.get(from, i) ^ key8);
        }
        for (; i < length; i++) {
            to[at + i] = (byte) (from[i] ^ to[keyAt + (i & 3)]);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
