package io.wsstream.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.wsstream.api.CloseCodes;
import io.wsstream.api.runtime.dto.HandlerDTO;
import io.wsstream.itest.support.TestSocket;

import org.junit.After;
import org.junit.Test;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceReference;

/**
 * Migration from Pax Web: the benchmark's Pax Web endpoint bundles (an activator registering {@code @ServerEndpoint}
 * instances with {@code org.ops4j.pax.web.http.whiteboard.websocket=true}) deployed into wsstream with jakarta-bundle.
 * Their source is what Pax Web 8 in Karaf runs (javax.websocket); the bundles installed here are those same compiled
 * bundles with javax.websocket moved to jakarta.websocket by the Eclipse Transformer (modules
 * benchmark/paxweb-*-jakarta), nothing else changed: same activator, same classes, same service property.
 */
public class PaxWebMigrationIT extends WsstreamTestSupport {
    private static final String PAX_WEB_FILTER = "(org.ops4j.pax.web.http.whiteboard.websocket=true)";
    private static final String OSGI_IMPLEMENTOR = "osgi.jakarta.websocket.endpoint.implementor";

    private final List<Bundle> deployed = new ArrayList<>();

    @Override
    protected Option[] additionalOptions() {
        return new Option[] {JakartaIT.jakartaBundles()};
    }

    @After
    public void undeploy() throws BundleException {
        for (Bundle bundle : deployed) {
            if (bundle.getState() != Bundle.UNINSTALLED) {
                bundle.uninstall();
            }
        }
    }

    /** Installs and starts one of the transformed Pax Web bundles, as a user deploying it into a running server. */
    private Bundle deploy(String jarProperty, String module) throws BundleException {
        Bundle bundle = context.installBundle(jarUrl(jarProperty, module));
        deployed.add(bundle);
        bundle.start();
        return bundle;
    }

    private HandlerDTO awaitServed(String path) {
        return await("the Pax Web endpoint on " + path).until(() -> handlerDTO(path), Optional::isPresent).get();
    }

    private static String echoed(TestSocket socket, String text) {
        socket.sendText(text);
        return socket.nextText();
    }

    @Test
    public void theBenchmarksPaxWebEndpointBundleEchoesOnWsstream() throws Exception {
        Bundle handlers = deploy("wsstream.paxweb.handlers.jar", "paxweb-handlers-jakarta");
        awaitServed("/bench/echo");
        awaitServed("/bench/json");
        awaitServed("/bench/broadcast");

        ServiceReference<?>[] registered = context.getServiceReferences((String) null, PAX_WEB_FILTER);
        List<ServiceReference<?>> fromBundle = new ArrayList<>();
        for (ServiceReference<?> reference : registered) {
            if (reference.getBundle().equals(handlers)) {
                fromBundle.add(reference);
            }
        }
        assertEquals("the bundle registers its three endpoints with Pax Web's property", 3, fromBundle.size());
        fromBundle.forEach(reference -> assertNull(reference.getProperty(OSGI_IMPLEMENTOR)));

        TestSocket echo = connect("/bench/echo");
        assertEquals("hello from Pax Web", echoed(echo, "hello from Pax Web"));
        byte[] bytes = "binary \u00e9cho".getBytes(StandardCharsets.UTF_8);
        echo.sendBinary(ByteBuffer.wrap(bytes));
        assertEquals(ByteBuffer.wrap(bytes), echo.nextBinary());
        assertEquals("{\"id\":7,\"name\":\"x\",\"tags\":[\"a\"],\"none\":null}",
            echoed(connect("/bench/json"), "{\"id\":7, \"name\":\"x\", \"tags\":[\"a\"], \"none\":null}"));
        assertEquals("{\"n\":1}", echoed(connect("/bench/broadcast"), "{\"n\":1}"));

        handlers.uninstall();

        assertEquals(CloseCodes.GOING_AWAY, echo.awaitClose().code());
        assertEquals(404, handshakeStatus("/bench/echo"));
    }

    /** The benchmark's disturbance: the other bundle deployed and undeployed while a client echoes on /bench/echo. */
    @Test
    public void deployingAndUndeployingAnotherPaxWebBundleTouchesNoEchoSession() throws Exception {
        deploy("wsstream.paxweb.handlers.jar", "paxweb-handlers-jakarta");
        awaitServed("/bench/echo");
        TestSocket busy = connect("/bench/echo");
        int messages = 300;
        int deployments = 0;

        for (int i = 0; i < messages; i++) {
            busy.sendText("m" + i);
            if (i % 50 == 0) {
                Bundle other = deploy("wsstream.paxweb.other.jar", "paxweb-other-jakarta");
                awaitServed("/bench/other");
                TestSocket visitor = connect("/bench/other");
                assertEquals("visiting", echoed(visitor, "visiting"));
                other.uninstall();
                assertEquals(CloseCodes.GOING_AWAY, visitor.awaitClose().code());
                deployments++;
            }
        }

        List<String> echoes = busy.nextTexts(messages);
        for (int i = 0; i < messages; i++) {
            assertEquals("m" + i, echoes.get(i));
        }
        assertFalse(busy.isClosed());
        assertEquals(6, deployments);
    }
}
