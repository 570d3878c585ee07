package io.wsstream.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.util.Arrays;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import javax.inject.Inject;

import io.wsstream.api.Message;
import io.wsstream.api.StreamHandler;
import io.wsstream.api.WebsocketConstants;
import io.wsstream.api.WebsocketServerStream;
import io.wsstream.api.authentication.AuthenticationResult;
import io.wsstream.api.authentication.StreamAuthenticator;
import io.wsstream.api.runtime.WebsocketServerRuntime;
import io.wsstream.api.runtime.dto.DTOConstants;
import io.wsstream.api.runtime.dto.FailedAuthenticatorDTO;
import io.wsstream.api.runtime.dto.RefusalReasons;
import io.wsstream.itest.support.TestSocket;

import static io.wsstream.itest.GogoCommands.lineWith;
import static io.wsstream.itest.GogoCommands.run;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.Before;
import org.junit.Test;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceFactory;
import org.osgi.framework.ServiceRegistration;

/**
 * Authenticators fail closed: one whose {@code wsstream.target} cannot be read is listed as failed and
 * makes every handshake on the servers it could apply to (all) 503 until it is fixed or unregistered, one
 * whose service object cannot be obtained does the same on the servers its target matches; one that throws
 * an {@link Error} gives its handshake's place under the connection limit back.
 */
public class FailClosedAuthenticatorIT extends WsstreamTestSupport {
    private static final String PATH = "/failclosed/open";
    private final AtomicInteger opened = new AtomicInteger();

    @Inject
    private CommandProcessor commands;

    @Override
    protected Option[] additionalOptions() {
        return options(mavenBundle("org.apache.felix", "org.apache.felix.gogo.runtime").versionAsInProject());
    }

    @Before
    public void serveAnOpenHandler() {
        serve(PATH, new StreamHandler() {
            @Override
            public void onOpen(WebsocketServerStream stream) {
                opened.incrementAndGet();
            }

            @Override
            public void onMessage(WebsocketServerStream stream, Message message) {
                stream.sendText(message.text());
            }
        });
    }

    @Test
    public void anAuthenticatorWithAnUnreadableTargetMakesEveryServerAnswer503UntilItIsUnregistered() {
        WebsocketServerRuntime other = servers().start("other", Map.of());
        assertEquals(101, handshakeStatus(PATH));
        ServiceRegistration<StreamAuthenticator> invalid = registerService(StreamAuthenticator.class,
            request -> AuthenticationResult.abstain(), Map.of(WebsocketConstants.TARGET, "(((bad"));
        long id = serviceId(invalid);
        long unavailableBefore = refusals(servers().dto("default"), RefusalReasons.UNAVAILABLE);
        int openedBefore = opened.get();

        assertEquals("the anonymous connection it was registered to vet", 503, handshakeStatus(PATH));
        assertEquals("its target cannot be read: it could apply to any server", 503, TestSocket.handshakeStatus(other.uri(PATH)));
        assertEquals(unavailableBefore + 1, refusals(servers().dto("default"), RefusalReasons.UNAVAILABLE));
        assertEquals("no handler saw them", openedBefore, opened.get());

        FailedAuthenticatorDTO failed = failedAuthenticator(id);
        assertEquals(DTOConstants.FAILURE_REASON_VALIDATION_FAILED, failed.failureReason);
        assertEquals(context.getBundle().getBundleId(), failed.bundleId);
        assertTrue(failed.failureMessage, failed.failureMessage.contains("(((bad"));
        String refused = run(commands, "wsstream:refused");
        assertTrue(refused, refused.lines().anyMatch(line -> line.startsWith(id + " ") && line.contains("invalid")));

        invalid.unregister();
        assertEquals(101, handshakeStatus(PATH));
        assertEquals(101, TestSocket.handshakeStatus(other.uri(PATH)));
        assertEquals(0, failedAuthenticators().length);
    }

    @Test
    public void anAuthenticatorWhoseTargetIsFixedIsUsedAgain() {
        ServiceRegistration<StreamAuthenticator> invalid = registerService(StreamAuthenticator.class,
            request -> AuthenticationResult.refuse(AuthenticationResult.FORBIDDEN, "nobody"), Map.of(WebsocketConstants.TARGET, "(((bad"));
        assertEquals(503, handshakeStatus(PATH));

        invalid.setProperties(new Hashtable<>(Map.of(WebsocketConstants.TARGET, "(" + WebsocketConstants.SERVER_NAME + "=default)")));

        assertEquals("fixed: it decides again", 403, handshakeStatus(PATH));
        assertEquals(0, failedAuthenticators().length);
    }

    @Test
    public void anAuthenticatorWhoseServiceCannotBeObtainedMakesTheServersItTargetsAnswer503() {
        WebsocketServerRuntime other = servers().start("other", Map.of());
        ServiceRegistration<?> broken = context.registerService(StreamAuthenticator.class.getName(), new ServiceFactory<StreamAuthenticator>() {
            @Override
            public StreamAuthenticator getService(Bundle bundle, ServiceRegistration<StreamAuthenticator> registration) {
                throw new IllegalStateException("deliberately broken authenticator factory");
            }

            @Override
            public void ungetService(Bundle bundle, ServiceRegistration<StreamAuthenticator> registration, StreamAuthenticator service) {}
        }, new Hashtable<>(Map.of(WebsocketConstants.TARGET, "(" + WebsocketConstants.SERVER_NAME + "=other)")));
        registerCleanup(broken);
        long id = serviceId(broken);

        assertEquals("the server it was registered to vet", 503, TestSocket.handshakeStatus(other.uri(PATH)));
        assertEquals("a server its target does not match", 101, handshakeStatus(PATH));
        assertEquals(DTOConstants.FAILURE_REASON_SERVICE_NOT_GETTABLE, failedAuthenticator(id).failureReason);
        String refused = run(commands, "wsstream:refused");
        assertTrue(refused, refused.lines().anyMatch(line -> line.startsWith(id + " ") && line.contains("not gettable")));

        broken.unregister();
        assertEquals(101, TestSocket.handshakeStatus(other.uri(PATH)));
    }

    @Test
    public void anAuthenticatorThatThrowsAnErrorGives500AndLeaksNoPlaceUnderTheConnectionLimit() {
        WebsocketServerRuntime limited = servers().start("limited", Map.of("max.connections", 1));
        registerService(StreamAuthenticator.class, request -> {
            if (request.header("X-Crash").isPresent()) {
                throw new NoClassDefFoundError("io/example/Gone (a class of a refreshed bundle)");
            }
            return AuthenticationResult.abstain();
        }, Map.of(WebsocketConstants.TARGET, "(" + WebsocketConstants.SERVER_NAME + "=limited)"));

        assertEquals(500, TestSocket.handshakeStatus(limited.uri(PATH), options -> options.header("X-Crash", "yes")));
        TestSocket socket = connect(limited.uri(PATH));
        socket.sendText("the one place is free");
        assertEquals("the one place is free", socket.nextText());
        socket.close();
        await("the place is free again", () -> servers().dto("limited").openStreams == 0);

        assertEquals(500, TestSocket.handshakeStatus(limited.uri(PATH), options -> options.header("X-Crash", "again")));
        assertEquals("both counted as failed authentications", 2, refusals(servers().dto("limited"), RefusalReasons.AUTHENTICATOR_FAILED));
        connect(limited.uri(PATH)).sendText("still free");
    }

    private FailedAuthenticatorDTO[] failedAuthenticators() {
        FailedAuthenticatorDTO[] failed = streams.getWhiteboardDTO().failedAuthenticatorDTOs;
        return failed == null ? new FailedAuthenticatorDTO[0] : failed;
    }

    private FailedAuthenticatorDTO failedAuthenticator(long serviceId) {
        FailedAuthenticatorDTO[] failed = failedAuthenticators();
        return Arrays.stream(failed).filter(f -> f.serviceId == serviceId).findFirst()
            .orElseThrow(() -> new AssertionError("authenticator service " + serviceId + " is not listed as failed: " + Arrays.toString(failed)));
    }

}
