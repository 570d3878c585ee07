package io.wsstream.itest;

import static org.junit.Assert.assertNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;

/** Runs command lines in a new Gogo session, as typed at the prompt, and reads what they printed. */
final class GogoCommands {
    private GogoCommands() {
    }

    /**
     * A command prints its answer and returns nothing: Karaf's {@code bin/client} prints no returned value.
     *
     * @return what the command printed
     * @throws CommandFailed when the command throws
     */
    static String run(CommandProcessor commands, String commandLine) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CommandSession session = commands.createSession(new ByteArrayInputStream(new byte[0]), out, out);
        try {
            Object result = session.execute(commandLine);
            assertNull(commandLine + " printed its answer and returned nothing", result);
            return out.toString(StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new CommandFailed(commandLine, e);
        } finally {
            session.close();
        }
    }

    /** @return the first line of the text that contains the part */
    static String lineWith(String text, String part) {
        return text.lines().filter(line -> line.contains(part)).findFirst()
            .orElseThrow(() -> new AssertionError("no line with " + part + " in:\n" + text));
    }

    /** A command line that threw: its cause is what the command threw. */
    static final class CommandFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CommandFailed(String commandLine, Exception cause) {
            super(commandLine + " failed: " + cause, cause);
        }
    }
}
