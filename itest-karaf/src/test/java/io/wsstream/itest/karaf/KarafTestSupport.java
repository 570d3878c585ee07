package io.wsstream.itest.karaf;

import java.time.Duration;

import javax.inject.Inject;

import org.apache.karaf.features.BootFinished;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.util.Filter;

/**
 * What every Karaf test has in common: the Karaf of {@link KarafSetup} plus the options a test adds
 * ({@link #extraOptions()}), Karaf's shell once its boot features are in, the port wsstream listens on, and the
 * timeouts. A test extends this class, and says only what its Karaf has beyond that and which features it installs
 * ({@link #installFeatures}).
 *
 * <p>Threading: {@link #config()} runs on the host, on Pax Exam's thread; the rest runs in Karaf, on the JUnit thread
 * of the probe (Pax Exam injects the fields, this class's included, before each test).
 */
public abstract class KarafTestSupport {
    /** feature:install and uninstall resolve and download; generous for a loaded machine. */
    protected static final Duration FEATURE_TIMEOUT = Duration.ofMinutes(5);
    protected static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    /** How long anything asynchronous may take (component activation, FileInstall's poll, Pax Web's start). */
    protected static final Duration SETTLE = Duration.ofSeconds(90);

    @Inject
    protected SessionFactory sessionFactory;

    /** Registered when Karaf's boot features are installed (the feature commands among them). */
    @Inject
    @Filter(timeout = 240_000)
    protected BootFinished bootFinished;

    /** wsstream's port, from {@code etc/io.wsstream.server.cfg} (-1 on the host, where no test method runs). */
    protected final int wsPort = Integer.getInteger(KarafSetup.WS_PORT, -1);

    @Configuration
    public Option[] config() {
        return OptionUtils.combine(KarafSetup.config(), extraOptions());
    }

    /** What this test's Karaf has beyond {@link KarafSetup}'s; none unless a test says so. Called on the host. */
    protected Option[] extraOptions() {
        return new Option[0];
    }

    /** Adds this build's wsstream features repository to Karaf's ({@code feature:repo-add}). */
    protected static void addFeaturesRepository(KarafShell shell) {
        shell.run("feature:repo-add mvn:io.wsstream/features/" + System.getProperty(KarafSetup.VERSION) + "/xml/features",
                COMMAND_TIMEOUT);
    }

    /** {@code feature:install} of the features, from this build's repository, which it adds first. */
    protected static void installFeatures(KarafShell shell, String... features) {
        addFeaturesRepository(shell);
        shell.run("feature:install " + String.join(" ", features), FEATURE_TIMEOUT);
    }

    /** Waits at most {@link #SETTLE}, polling every 100 ms. */
    protected static ConditionFactory await(String what) {
        return Awaitility.await(what).atMost(SETTLE).pollInterval(Duration.ofMillis(100));
    }
}
