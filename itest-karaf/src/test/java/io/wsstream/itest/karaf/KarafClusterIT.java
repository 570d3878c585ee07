package io.wsstream.itest.karaf;

import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;

import javax.inject.Inject;

import io.wsstream.itest.support.TestSocket;

import org.apache.karaf.features.BootFinished;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.awaitility.Awaitility;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.CoreOptions;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;

/**
 * {@code feature:install wsstream-cluster} in a real Karaf 4.4.10 ({@link KarafSetup}) with the one configuration
 * file a user writes, {@code etc/io.wsstream.cluster.cfg}, in place: the node starts as a Hazelcast member, and
 * {@code wsstream:cluster} at Karaf's console (present once the node is in its cluster) lists it (this node, its
 * address, local) and its open stream.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class KarafClusterIT {
    private static final Duration FEATURE_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration SETTLE = Duration.ofSeconds(90);
    private static final String CLUSTER_PORT = "wsstream.itest.cluster.port";
    private static final String CLUSTER_CFG = "etc/io.wsstream.cluster.cfg";

    @Inject
    private SessionFactory sessionFactory;

    @Inject
    @Filter(timeout = 240_000)
    private BootFinished bootFinished;

    private final int wsPort = Integer.getInteger(KarafSetup.WS_PORT, -1);

    @Configuration
    public Option[] config() {
        String clusterPort = Integer.toString(freePort());
        return OptionUtils.combine(KarafSetup.config(),
                editConfigurationFilePut(CLUSTER_CFG, "cluster.name", "itest-karaf"),
                editConfigurationFilePut(CLUSTER_CFG, "node.name", "karaf-node"),
                editConfigurationFilePut(CLUSTER_CFG, "port", clusterPort),
                CoreOptions.systemProperty(CLUSTER_PORT).value(clusterPort));
    }

    @Test
    public void theClusterFeatureWithItsConfigurationFileMakesAMemberThatTheShellLists() throws Exception {
        try (KarafShell shell = new KarafShell(sessionFactory)) {
            shell.run("feature:repo-add mvn:io.wsstream/features/" + System.getProperty(KarafSetup.VERSION) + "/xml/features",
                    COMMAND_TIMEOUT);
            shell.run("feature:install wsstream wsstream-examples wsstream-cluster", FEATURE_TIMEOUT);
            URI echo = URI.create("ws://127.0.0.1:" + wsPort + "/echo");
            await("/echo served").until(() -> TestSocket.handshakeStatus(echo) == 101);

            try (TestSocket socket = TestSocket.connect(echo)) {
                String member = "karaf-node  127.0.0.1:" + System.getProperty(CLUSTER_PORT) + "  yes    1";
                String listed = await("the member and its stream in wsstream:cluster").ignoreExceptionsInstanceOf(AssertionError.class).until(
                        () -> shell.run("wsstream:cluster", COMMAND_TIMEOUT), text -> text.contains(member) && text.contains("/echo"));
                System.out.println("wsstream:cluster in Karaf:\n" + listed);
                assertTrue(listed, listed.startsWith("this node: karaf-node\n"));
                assertTrue(listed, listed.contains("karaf-node  /echo  1"));
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    private static org.awaitility.core.ConditionFactory await(String what) {
        return Awaitility.await(what).atMost(SETTLE).pollInterval(Duration.ofMillis(250));
    }
}
