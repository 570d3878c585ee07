package io.wsstream.itest.karaf;

import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.net.URI;
import java.time.Duration;

import io.wsstream.itest.support.TestSocket;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * {@code feature:install wsstream-cluster} in a real Karaf 4.4.10 ({@link KarafSetup}) with the one configuration
 * file a user writes, {@code etc/io.wsstream.cluster.cfg}, in place: the node starts as a Hazelcast member, and
 * {@code wsstream:cluster} at Karaf's console (present once the node is in its cluster) lists it (this node, its
 * address, local) and its open stream.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class KarafClusterIT extends KarafTestSupport {
    /** Less often than the other tests: the member check runs a shell command on every poll. */
    private static final Duration POLL = Duration.ofMillis(250);
    private static final String CLUSTER_PORT = "wsstream.itest.cluster.port";
    private static final String CLUSTER_CFG = "etc/io.wsstream.cluster.cfg";

    @Override
    protected Option[] extraOptions() {
        String clusterPort = Integer.toString(KarafSetup.freePorts(1)[0]);
        return options(
                editConfigurationFilePut(CLUSTER_CFG, "cluster.name", "itest-karaf"),
                editConfigurationFilePut(CLUSTER_CFG, "node.name", "karaf-node"),
                editConfigurationFilePut(CLUSTER_CFG, "port", clusterPort),
                systemProperty(CLUSTER_PORT).value(clusterPort));
    }

    @Test
    public void theClusterFeatureWithItsConfigurationFileMakesAMemberThatTheShellLists() throws Exception {
        try (KarafShell shell = new KarafShell(sessionFactory)) {
            installFeatures(shell, "wsstream", "wsstream-examples", "wsstream-cluster");
            URI echo = URI.create("ws://127.0.0.1:" + wsPort + "/echo");
            await("/echo served").pollInterval(POLL).until(() -> TestSocket.handshakeStatus(echo) == 101);

            try (TestSocket socket = TestSocket.connect(echo)) {
                String member = "karaf-node  127.0.0.1:" + System.getProperty(CLUSTER_PORT) + "  yes    1";
                String listed = await("the member and its stream in wsstream:cluster").pollInterval(POLL)
                        .ignoreExceptionsInstanceOf(AssertionError.class).until(() -> shell.run("wsstream:cluster", COMMAND_TIMEOUT), text -> text.contains(member) && text.contains("/echo"));
                System.out.println("wsstream:cluster in Karaf:\n" + listed);
                assertTrue(listed, listed.startsWith("this node: karaf-node\n"));
                assertTrue(listed, listed.contains("karaf-node  /echo  1"));
            }
        }
    }
}
