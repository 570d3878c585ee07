package io.wsstream.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The lines the container logs while a capture is open. slf4j-simple looks up {@code System.err} for every line
 * (and the fallback loggers of Felix write to {@code System.out} or {@code System.err}), so teeing both
 * streams sees everything logged, stack traces included, while the output still reaches failsafe's report.
 * Close it (try-with-resources) to restore the streams.
 */
final class LogCapture implements AutoCloseable {
    private static final Pattern SLF4J_SIMPLE_LINE = Pattern.compile("\\d\\d:\\d\\d:\\d\\d\\.\\d\\d\\d \\[");
    private final PrintStream originalErr = System.err;
    private final PrintStream originalOut = System.out;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private LogCapture() {
        System.setErr(tee(originalErr, err));
        System.setOut(tee(originalOut, out));
    }

    static LogCapture start() {
        return new LogCapture();
    }

    /** @return the lines written so far to {@code System.err} (where slf4j-simple logs), then those to {@code System.out} */
    List<String> lines() {
        List<String> lines = new ArrayList<>();
        synchronized (err) {
            lines.addAll(err.toString(Charset.defaultCharset()).lines().toList());
        }
        synchronized (out) {
            lines.addAll(out.toString(Charset.defaultCharset()).lines().toList());
        }
        return lines;
    }

    /** @return the lines logged so far that contain the text */
    List<String> linesWith(String text) {
        return lines().stream().filter(line -> line.contains(text)).toList();
    }

    /**
     * An operator sees one ERROR line that contains {@code start} and names the cause, and no stack trace
     * (that is at DEBUG).
     */
    void assertOneErrorLineWithoutStackTrace(String start, String... cause) {
        List<String> lines = linesWith(start);
        assertEquals("one line: " + lines, 1, lines.size());
        String line = lines.get(0);
        assertTrue(line, isErrorLine(line));
        for (String part : cause) {
            assertTrue("'" + part + "' in " + line, line.contains(part));
        }
        assertEquals("no stack trace", List.of(), stackTraceLines());
    }

    /** @return the ERROR lines logged so far that contain every one of the parts */
    List<String> errors(String... parts) {
        return errorLines().stream().filter(line -> List.of(parts).stream().allMatch(line::contains)).toList();
    }

    /**
     * @return the log lines that a stack trace follows, unless they are DEBUG or TRACE lines (with
     *     {@code -Dwsstream.itest.log=debug} stacks are expected there), and the first line of any stack trace
     *     that no slf4j-simple line precedes (printed by something else, e.g. Felix SCR)
     */
    List<String> stackTracesAboveDebug() {
        List<String> found = new ArrayList<>();
        String logLine = null;
        boolean inTrace = false;
        for (String line : lines()) {
            if (SLF4J_SIMPLE_LINE.matcher(line).lookingAt()) {
                logLine = line;
                inTrace = false;
            } else if (line.startsWith("\tat ") && !inTrace) {
                inTrace = true;
                if (logLine == null || !(logLine.contains(" DEBUG ") || logLine.contains(" TRACE "))) {
                    found.add(logLine == null ? line : logLine);
                }
            }
        }
        return found;
    }

    /** @return the lines of level ERROR */
    List<String> errorLines() {
        return lines().stream().filter(LogCapture::isErrorLine).toList();
    }

    /** @return whether the line is of level ERROR: slf4j-simple's "time [thread] ERROR logger - ..." or Felix's "ERROR : ..." */
    static boolean isErrorLine(String line) {
        return line.matches("(.*\\s)?ERROR\\s.*");
    }

    /** @return the lines that belong to a stack trace: frames, causes, and lines naming an exception */
    List<String> stackTraceLines() {
        return lines().stream().filter(LogCapture::isStackTraceLine).toList();
    }

    /** @return whether the line is part of a stack trace: a frame, a cause, or a line that starts with an exception's name */
    static boolean isStackTraceLine(String line) {
        String trimmed = line.trim();
        return trimmed.startsWith("at ") || trimmed.startsWith("Caused by:") || trimmed.startsWith("Suppressed:")
            || trimmed.matches("\\.\\.\\. \\d+ more") || trimmed.matches("([\\w$]+\\.)+[\\w$]*(Exception|Error)(:.*)?");
    }

    @Override
    public void close() {
        System.setErr(originalErr);
        System.setOut(originalOut);
    }

    private static PrintStream tee(PrintStream original, ByteArrayOutputStream copy) {
        return new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                synchronized (copy) {
                    copy.write(b);
                }
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                original.write(bytes, offset, length);
                synchronized (copy) {
                    copy.write(bytes, offset, length);
                }
            }

            @Override
            public void flush() {
                original.flush();
            }
        }, true);
    }
}
