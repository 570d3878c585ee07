package io.wsstream.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The container's log lines written while a test runs, read as an operator reads the console. slf4j-simple
 * writes every line to {@code System.err} as it is at that moment (the container runs in this JVM), so a copy
 * set here sees each line, and failsafe's output file still gets it too.
 */
final class LogCapture implements AutoCloseable {
    private final PrintStream original;
    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

    private LogCapture() {
        original = System.err;
        System.setErr(new PrintStream(new Tee(original, copy), true, StandardCharsets.UTF_8));
    }

    /** Copies what is logged from now until {@link #close()}. */
    static LogCapture start() {
        return new LogCapture();
    }

    /** @return the lines logged so far */
    List<String> lines() {
        synchronized (copy) {
            return copy.toString(StandardCharsets.UTF_8).lines().collect(Collectors.toList());
        }
    }

    /** @return the lines logged so far that contain the text */
    List<String> linesWith(String text) {
        return lines().stream().filter(line -> line.contains(text)).collect(Collectors.toList());
    }

    /** @return the lines of stack traces logged so far ("\tat ...", "Caused by: ...") */
    List<String> stackTraceLines() {
        return lines().stream().filter(line -> line.startsWith("\tat ") || line.startsWith("Caused by: ")).collect(Collectors.toList());
    }

    /**
     * An operator sees one ERROR line that starts as told and names the cause, and no stack trace (that is at
     * DEBUG).
     */
    void assertOneErrorLineWithoutStackTrace(String start, String... cause) {
        List<String> lines = linesWith(start);
        assertEquals("one line: " + lines, 1, lines.size());
        String line = lines.get(0);
        assertTrue(line, line.contains(" ERROR "));
        for (String part : cause) {
            assertTrue("'" + part + "' in " + line, line.contains(part));
        }
        assertEquals("no stack trace", List.of(), stackTraceLines());
    }

    @Override
    public void close() {
        System.setErr(original);
    }

    /** Writes to the original stream and to the copy. */
    private static final class Tee extends OutputStream {
        private final OutputStream original;
        private final ByteArrayOutputStream copy;

        Tee(OutputStream original, ByteArrayOutputStream copy) {
            this.original = original;
            this.copy = copy;
        }

        @Override
        public void write(int b) throws IOException {
            original.write(b);
            synchronized (copy) {
                copy.write(b);
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            original.write(bytes, offset, length);
            synchronized (copy) {
                copy.write(bytes, offset, length);
            }
        }

        @Override
        public void flush() throws IOException {
            original.flush();
        }
    }
}
