package io.wsstream.itest.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

import io.wsstream.itest.support.TestSocket;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * {@code feature:install wsstream-metrics} in a real Karaf 4.4.10 ({@link KarafSetup}): the meters are MBeans of the
 * platform MBean server (domain {@code wsstream}, the feature's configuration), which is what Karaf's JMX tools,
 * Hawtio and Decanter read; their values follow the test's traffic. The Prometheus endpoint is off by default. The
 * feature brings the live dashboard: its page and its stream are served, and leave with the feature.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class KarafMetricsIT extends KarafTestSupport {
    @Test
    public void theMetersAreMBeansWhoseValuesFollowTheTraffic() throws Exception {
        try (KarafShell shell = new KarafShell(sessionFactory)) {
            installFeatures(shell, "wsstream", "wsstream-examples", "wsstream-metrics");
            URI echo = URI.create("ws://127.0.0.1:" + wsPort + "/echo");
            await("/echo served").until(() -> TestSocket.handshakeStatus(echo) == 101);

            MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
            ObjectName accepted = await("the MBean of wsstream.handshakes.accepted").until(
                    () -> mbean(mbeans, "wsstreamHandshakesAccepted", "server." + KarafSetup.SERVER_NAME), Optional::isPresent).get();
            ObjectName messagesIn = await("the MBean of wsstream.messages in").until(
                    () -> mbean(mbeans, "wsstreamMessages", "direction.in"), Optional::isPresent).get();
            ObjectName echoStreams = await("the MBean of wsstream.streams.open on /echo").until(
                    () -> mbean(mbeans, "wsstreamStreamsOpen", "path./echo"), Optional::isPresent).get();
            long acceptedBefore = count(mbeans, accepted);
            long inBefore = count(mbeans, messagesIn);

            try (TestSocket socket = TestSocket.connect(echo)) {
                for (int i = 0; i < 3; i++) {
                    socket.sendText("to JMX " + i);
                    assertEquals("to JMX " + i, socket.nextText());
                }
                assertEquals(acceptedBefore + 1, count(mbeans, accepted));
                assertEquals(inBefore + 3, count(mbeans, messagesIn));
                assertEquals(1, ((Number) mbeans.getAttribute(echoStreams, "Value")).intValue());
            }
            System.out.println("wsstream MBeans in Karaf: " + mbeans.queryNames(new ObjectName("wsstream:*"), null));

            assertEquals("the Prometheus endpoint is off by default", 404,
                    TestSocket.httpGetStatus(URI.create("http://127.0.0.1:" + wsPort + "/metrics")));

            URI monitor = URI.create("ws://127.0.0.1:" + wsPort + "/wsstream/monitor");
            URI dashboard = URI.create("http://127.0.0.1:" + wsPort + "/wsstream/dashboard/");
            await("the dashboard's stream served").until(() -> TestSocket.handshakeStatus(monitor) == 101);
            assertEquals(200, TestSocket.httpGetStatus(dashboard));
            try (TestSocket snapshots = TestSocket.connect(monitor)) {
                String snapshot = snapshots.nextText(Duration.ofSeconds(10));
                assertTrue(snapshot, snapshot.startsWith("{\"type\":\"snapshot\"") && snapshot.contains("\"path\":\"/echo\""));
            }

            shell.run("feature:uninstall wsstream-metrics", FEATURE_TIMEOUT);
            await("the MBeans left with the feature").until(() -> mbeans.queryNames(new ObjectName("wsstream:*"), null).isEmpty());
            await("the dashboard left with the feature").until(() -> TestSocket.httpGetStatus(dashboard) == 404
                    && TestSocket.handshakeStatus(monitor) == 404);
        }
    }

    /** @return the MBean of domain {@code wsstream} whose name holds both parts (the JMX registry's hierarchical name) */
    private static Optional<ObjectName> mbean(MBeanServer mbeans, String meter, String tag) throws MalformedObjectNameException {
        Set<ObjectName> names = mbeans.queryNames(new ObjectName("wsstream:*"), null);
        return names.stream().filter(n -> n.toString().contains(meter + ".") && n.toString().contains(tag)).findFirst();
    }

    private static long count(MBeanServer mbeans, ObjectName counter) throws Exception {
        return ((Number) mbeans.getAttribute(counter, "Count")).longValue();
    }
}
