package io.wsstream.itest.karaf.watchdog;

import java.util.concurrent.CompletableFuture;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;

/**
 * Stops the forked Karaf when the test JVM that started it is gone, however it went (a failed boot that
 * Pax Exam does not clean up, a killed build). Installed from {@code etc/startup.properties}, so it runs
 * from the first start level on, before any feature is installed; the test JVM's pid comes in as the
 * system property {@value #PARENT_PID}.
 */
public final class ParentWatchdog implements BundleActivator {
    public static final String PARENT_PID = "wsstream.itest.parent.pid";

    private volatile boolean active;

    @Override
    public void start(BundleContext context) {
        String pid = context.getProperty(PARENT_PID);
        if (pid == null) {
            return;
        }
        active = true;
        Bundle system = context.getBundle(0);
        CompletableFuture<?> gone = ProcessHandle.of(Long.parseLong(pid.trim()))
                .map(ProcessHandle::onExit)
                .orElseGet(() -> CompletableFuture.completedFuture(null));
        gone.thenRun(() -> {
            if (active) {
                Thread stopper = new Thread(() -> stop(system, pid), "itest-watchdog");
                stopper.setDaemon(true);
                stopper.start();
            }
        });
    }

    @Override
    public void stop(BundleContext context) {
        active = false;
    }

    private static void stop(Bundle system, String pid) {
        System.err.println("wsstream itest watchdog: test JVM " + pid + " is gone, stopping this Karaf");
        try {
            Framework framework = (Framework) system;
            framework.stop();
            if (framework.waitForStop(60_000).getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                Runtime.getRuntime().halt(3);
            }
        } catch (BundleException | RuntimeException e) {
            Runtime.getRuntime().halt(3);
        } catch (InterruptedException e) {
            Runtime.getRuntime().halt(3);
        }
    }
}
