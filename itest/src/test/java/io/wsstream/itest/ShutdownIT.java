package io.wsstream.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;

import io.wsstream.api.CloseCodes;
import io.wsstream.itest.support.TestSocket;

import org.junit.Test;
import org.osgi.framework.Bundle;

/** Stopping the implementation bundle closes every stream with 1001 before the server goes. */
public class ShutdownIT extends WsstreamTestSupport {

    @Test
    public void stoppingTheImplementationClosesEveryStreamWith1001() throws Exception {
        serve("/shutdown/a", StreamLifecycleIT.ECHO);
        serve("/shutdown/b", StreamLifecycleIT.ECHO);
        List<TestSocket> sockets = List.of(connect("/shutdown/a"), connect("/shutdown/a"), connect("/shutdown/b"));
        RawWebsocket silent = RawWebsocket.open(uri("/shutdown/b"));
        await("four streams open", () -> streams.streams().size() == 4);
        Bundle impl = installedBundle("io.wsstream.impl");

        impl.stop();
        try {
            for (TestSocket socket : sockets) {
                assertEquals(CloseCodes.GOING_AWAY, socket.awaitClose().code());
            }
            assertEquals("a peer that never answers the close still gets the 1001 frame", CloseCodes.GOING_AWAY, silent.awaitClose());
            assertTrue("and is disconnected once stop.timeout.ms is over", silent.awaitEndOfStream());
        } finally {
            silent.close();
            impl.start();
        }
    }
}
