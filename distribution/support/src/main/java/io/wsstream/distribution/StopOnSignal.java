package io.wsstream.distribution;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Stops the framework when the JVM is asked to stop (Ctrl-C, SIGTERM), so that every component is
 * deactivated on the way out: wsstream closes its streams with 1001 and Jetty stops gracefully. The
 * bnd launcher's own shutdown hook only deletes its storage folder.
 */
@Component
public final class StopOnSignal {
    /** How long the hook waits for the framework to stop; the JVM exits when it returns. */
    static final long STOP_TIMEOUT_MS = 20_000;

    private final Thread hook;

    @Activate
    public StopOnSignal(BundleContext context) {
        Framework framework = (Framework) context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION);
        hook = new Thread(() -> stop(framework), "wsstream-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Deactivate
    void deactivate() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shutdownInProgress) {
            // This component is being deactivated by the hook itself.
        }
    }

    private static void stop(Framework framework) {
        System.out.println("wsstream: stopping");
        try {
            framework.stop();
            FrameworkEvent event = framework.waitForStop(STOP_TIMEOUT_MS);
            System.out.println(event.getType() == FrameworkEvent.WAIT_TIMEDOUT
                    ? "wsstream: not stopped within " + STOP_TIMEOUT_MS + " ms, exiting anyway"
                    : "wsstream: stopped");
        } catch (BundleException e) {
            System.out.println("wsstream: cannot stop the framework: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
