package io.wsstream.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.util.Map;

import javax.inject.Inject;

import io.wsstream.api.StreamHandler;
import io.wsstream.api.WebsocketConstants;
import io.wsstream.api.WebsocketServerStream;
import io.wsstream.itest.support.TestSocket;

import static io.wsstream.itest.GogoCommands.lineWith;
import static io.wsstream.itest.GogoCommands.run;

import io.wsstream.itest.GogoCommands.CommandFailed;
import org.apache.felix.service.command.CommandProcessor;
import org.junit.Test;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

/** The {@code wsstream:*} Gogo commands, run through Gogo's {@link CommandProcessor} as a shell would. */
public class ShellCommandsIT extends WsstreamTestSupport {

    static final StreamHandler ECHO = (stream, message) -> stream.sendText(message.text());

    @Inject
    private CommandProcessor commands;

    @Override
    protected Option[] additionalOptions() {
        return options(mavenBundle("org.apache.felix", "org.apache.felix.gogo.runtime").versionAsInProject());
    }

    @Test
    public void endpointsListPathHandlerBundleRankingAndStreams() {
        ServiceRegistration<StreamHandler> registration = serve(ECHO, Map.of(WebsocketConstants.PATH, "/shell/ranked",
            Constants.SERVICE_RANKING, 7));
        connect("/shell/ranked");
        connect("/shell/ranked");
        await("two streams", () -> streams.streams("/shell/ranked").size() == 2);

        String row = lineWith(run(commands, "wsstream:endpoints"), "/shell/ranked");

        assertColumns(row, "/shell/ranked", String.valueOf(serviceId(registration)), context.getBundle().getBundleId()
            + " " + context.getBundle().getSymbolicName(), "7", "2");
    }

    @Test
    public void streamsListIdPathRemoteAndAge() {
        serve("/shell/listed", ECHO);
        TestSocket client = connect("/shell/listed");
        WebsocketServerStream stream = awaitOnlyStream("/shell/listed");
        client.sendText("one");
        client.sendText("two");
        client.nextTexts(2);
        await("both echoes counted", () -> stream.statistics().messagesOut() == 2);

        String row = lineWith(run(commands, "wsstream:streams"), stream.id());

        assertTrue(row, row.matches(stream.id() + " +/shell/listed +127\\.0\\.0\\.1:\\d+ +\\d+s +2 +2 +default"));
        assertEquals(6, stream.statistics().bytesIn());
        assertTrue(run(commands, "wsstream:streams /shell/listed").contains("1 open stream"));
        assertEquals("no open stream\n", run(commands, "wsstream:streams /shell/nobody-here"));
    }

    @Test
    public void closeSendsTheCodeAndReasonToTheStream() {
        serve("/shell/closed", ECHO);
        TestSocket socket = connect("/shell/closed");
        WebsocketServerStream stream = awaitOnlyStream("/shell/closed");

        // a unique beginning of the id is enough
        String answer = run(commands, "wsstream:close " + stream.id().substring(0, 12) + " 4001 'maintenance'");

        assertEquals("closed " + stream.id() + " with 4001\n", answer);
        TestSocket.Close close = socket.awaitClose();
        assertEquals(4001, close.code());
        assertEquals("maintenance", close.reason());
    }

    @Test
    public void closeRefusesACodeThatMayNotBeSentAndAnUnknownStream() {
        serve("/shell/kept", ECHO);
        TestSocket socket = connect("/shell/kept");
        WebsocketServerStream stream = awaitOnlyStream("/shell/kept");

        assertFails("wsstream:close " + stream.id() + " 1006", "1006 may not be sent");
        assertFails("wsstream:close no-such-stream", "no open stream no-such-stream");

        socket.sendText("still open");
        assertEquals("still open", socket.nextText());
    }

    @Test
    public void sendWritesTextToOneStream() {
        serve("/shell/send", ECHO);
        TestSocket socket = connect("/shell/send");
        WebsocketServerStream stream = awaitOnlyStream("/shell/send");

        assertEquals("sent to " + stream.id() + "\n", run(commands, "wsstream:send " + stream.id() + " 'hello from the shell'"));

        assertEquals("hello from the shell", socket.nextText());
    }

    @Test
    public void broadcastSendsJsonToEveryStreamOnThePath() {
        serve("/shell/room", ECHO);
        serve("/shell/elsewhere", ECHO);
        TestSocket alice = connect("/shell/room");
        TestSocket bob = connect("/shell/room");
        TestSocket carol = connect("/shell/elsewhere");
        await("three streams", () -> streams.streams().size() == 3);

        String answer = run(commands, "wsstream:broadcast /shell/room '{\"name\":\"ops\",\"text\":\"restart at 5\",\"n\":1}'");

        assertEquals("broadcast to /shell/room: 2 streams, 2 written, 0 failed\n", answer);
        assertEquals("{\"name\":\"ops\",\"text\":\"restart at 5\",\"n\":1}", alice.nextText());
        assertEquals("{\"name\":\"ops\",\"text\":\"restart at 5\",\"n\":1}", bob.nextText());
        carol.sendText("ping");
        assertEquals("carol got nothing before her own echo", "ping", carol.nextText());
        assertFails("wsstream:broadcast /shell/room 'not json'", "not JSON");
    }

    @Test
    public void refusedShowsShadowedAndInvalidHandlersWithTheReason() {
        ServiceRegistration<StreamHandler> winner = serve(ECHO, Map.of(WebsocketConstants.PATH, "/shell/contested",
            Constants.SERVICE_RANKING, 10));
        ServiceRegistration<StreamHandler> loser = register(ECHO, Map.of(WebsocketConstants.PATH, "/shell/contested"));
        ServiceRegistration<StreamHandler> invalid = register(ECHO, Map.of(WebsocketConstants.PATH, "no-leading-slash"));
        awaitFailed(loser);
        awaitFailed(invalid);

        String refused = run(commands, "wsstream:refused");

        String shadowed = lineWith(refused, String.valueOf(serviceId(loser)));
        assertTrue(shadowed, shadowed.contains("/shell/contested") && shadowed.contains("shadowed"));
        String rejected = lineWith(refused, String.valueOf(serviceId(invalid)));
        assertTrue(rejected, rejected.contains("no-leading-slash") && rejected.contains("invalid"));
        String endpoints = run(commands, "wsstream:endpoints");
        assertEquals(String.valueOf(serviceId(winner)), lineWith(endpoints, "/shell/contested").split(" {2,}")[1]);
        assertTrue(endpoints, endpoints.contains("2 refused (wsstream:refused)"));
    }

    @Test
    public void serversShowWhereTheServerListens() {
        String row = lineWith(run(commands, "wsstream:servers"), "default");

        assertTrue(row, row.startsWith("default  " + server.uri("/") + " "));
    }

    // ---------------------------------------------------------------- helpers


    private void assertFails(String commandLine, String expectedMessage) {
        try {
            fail(commandLine + " answered " + run(commands, commandLine));
        } catch (CommandFailed e) {
            String message = String.valueOf(e.getCause().getMessage());
            assertTrue(commandLine + " failed with: " + message, message.contains(expectedMessage));
        }
    }

    private WebsocketServerStream awaitOnlyStream(String path) {
        return await("one stream on " + path).until(() -> streams.streams(path), s -> s.size() == 1).iterator().next();
    }


    /** The row's columns, split at two or more spaces, are exactly these. */
    private static void assertColumns(String row, String... columns) {
        assertEquals(row, String.join("|", columns), String.join("|", row.strip().split(" {2,}")));
    }

}
