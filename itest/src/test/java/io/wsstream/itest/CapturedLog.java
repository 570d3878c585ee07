package io.wsstream.itest;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The container's log lines from now on, for tests that check what is logged. slf4j-simple writes each line to
 * whatever {@code System.err} is at that moment (the itest configuration does not cache the stream), and Pax
 * Exam's container runs in this JVM: so this puts a copy in between, and everything still reaches the
 * original stream (failsafe's *-output.txt). Levels as the {@code wsstream.itest.log} property sets them
 * (INFO unless told): tests look at ERROR lines and stack traces, which every level shows.
 */
final class CapturedLog implements AutoCloseable {
    /** The beginning of a line of slf4j-simple as the itest configures it: time, then thread. */
    private static final Pattern LOG_LINE = Pattern.compile("\\d\\d:\\d\\d:\\d\\d\\.\\d\\d\\d \\[");
    private final PrintStream original;
    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

    private CapturedLog() {
        original = System.err;
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (copy) {
                    copy.write(b);
                }
                original.write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                synchronized (copy) {
                    copy.write(bytes, offset, length);
                }
                original.write(bytes, offset, length);
            }

            @Override
            public void flush() {
                original.flush();
            }
        };
        System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
    }

    /** Starts copying; {@link #close()} stops it. */
    static CapturedLog start() {
        return new CapturedLog();
    }

    /** @return the lines logged since the start */
    List<String> lines() {
        String text;
        synchronized (copy) {
            text = copy.toString(StandardCharsets.UTF_8);
        }
        return text.lines().collect(Collectors.toList());
    }

    /** @return the ERROR lines logged since the start that contain every one of the parts */
    List<String> errors(String... parts) {
        return lines().stream()
            .filter(line -> line.contains(" ERROR "))
            .filter(line -> List.of(parts).stream().allMatch(line::contains))
            .collect(Collectors.toList());
    }

    /**
     * @return the log lines since the start that a stack trace follows, unless they are DEBUG or TRACE lines
     *         (with {@code -Dwsstream.itest.log=debug} stacks are expected there), and the first line of any
     *         stack trace that no slf4j-simple line precedes (printed by something else, e.g. Felix SCR)
     */
    List<String> stackTracesAboveDebug() {
        List<String> lines = lines();
        List<String> found = new ArrayList<>();
        String logLine = null;
        boolean inTrace = false;
        for (String line : lines) {
            if (LOG_LINE.matcher(line).lookingAt()) {
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

    @Override
    public void close() {
        System.setErr(original);
    }
}
