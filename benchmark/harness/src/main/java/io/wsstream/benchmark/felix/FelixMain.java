package io.wsstream.benchmark.felix;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;

/**
 * Boots the Felix that runs wsstream in the benchmark (its own JVM, class path: the Felix framework jar
 * and this class). A stand-in for the {@code distribution} module until that exists.
 *
 * <p>Arguments: the working directory (holding {@code deploy/}, watched by FileInstall), the folder of the
 * bundles started first (SPI Fly and ASM, slf4j, ConfigAdmin, FileInstall) and the folder of the rest
 * (SCR, Jetty, Gson, wsstream). The framework first runs at start level 1 only, until FileInstall has
 * turned {@code deploy/io.wsstream.server.cfg} into a configuration, so wsstream never listens on its
 * default port on the way. SIGTERM stops the framework gracefully.
 */
public final class FelixMain {
    private static final String SERVER_PID = "io.wsstream.server";
    private static final long CONFIGURATION_TIMEOUT_MS = 30_000;

    private FelixMain() {}

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]).toAbsolutePath();
        Map<String, String> properties = new HashMap<>();
        properties.put(Constants.FRAMEWORK_STORAGE, work.resolve("felix-cache").toString());
        properties.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        properties.put(Constants.FRAMEWORK_BEGINNING_STARTLEVEL, "1");
        properties.put("felix.startlevel.bundle", "2");
        // Otherwise Felix loads classes from the class path when a bundle's own wiring fails.
        properties.put("felix.bootdelegation.implicit", "false");
        properties.put("felix.fileinstall.dir", work.resolve("deploy").toString());
        properties.put("felix.fileinstall.poll", "1000"); // as the distribution and Karaf poll
        properties.put("felix.fileinstall.noInitialDelay", "true");
        // Installing a bundle must not refresh (and so restart) SCR and the others.
        properties.put("felix.fileinstall.optionalImportRefreshScope", "managed");

        Framework framework = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi framework on the class path"))
                .newFramework(properties);
        framework.init();
        BundleContext context = framework.getBundleContext();
        List<Bundle> bundles = new ArrayList<>();
        bundles.addAll(install(context, Path.of(args[1]), 1));
        bundles.addAll(install(context, Path.of(args[2]), 2));
        for (Bundle bundle : bundles) {
            if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                bundle.start();
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(framework), "felix-shutdown"));
        framework.start();
        awaitServerConfiguration(context);
        framework.adapt(FrameworkStartLevel.class).setStartLevel(2);
        framework.waitForStop(0);
    }

    private static List<Bundle> install(BundleContext context, Path dir, int startLevel) throws IOException, BundleException {
        List<Bundle> bundles = new ArrayList<>();
        try (Stream<Path> jars = Files.list(dir)) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                Bundle bundle = context.installBundle(jar.toUri().toString());
                bundle.adapt(BundleStartLevel.class).setStartLevel(startLevel);
                bundles.add(bundle);
            }
        }
        return bundles;
    }

    /**
     * Waits for the configuration of the default wsstream server. ConfigAdmin's API is not on this
     * class path, so it is called reflectively through the interface its bundle exports.
     */
    private static void awaitServerConfiguration(BundleContext context) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CONFIGURATION_TIMEOUT_MS);
        while (System.nanoTime() < deadline) {
            ServiceReference<?> reference = context.getServiceReference("org.osgi.service.cm.ConfigurationAdmin");
            if (reference != null) {
                Object configAdmin = context.getService(reference);
                try {
                    Class<?> type = reference.getBundle().loadClass("org.osgi.service.cm.ConfigurationAdmin");
                    Method list = type.getMethod("listConfigurations", String.class);
                    Object[] found = (Object[]) list.invoke(configAdmin, "(" + Constants.SERVICE_PID + "=" + SERVER_PID + ")");
                    if (found != null && found.length > 0) {
                        return;
                    }
                } finally {
                    context.ungetService(reference);
                }
            }
            Thread.sleep(50);
        }
        System.err.println("FelixMain: no configuration " + SERVER_PID + " after " + CONFIGURATION_TIMEOUT_MS
                + " ms; starting with wsstream's defaults");
    }

    private static void stop(Framework framework) {
        try {
            framework.stop();
            framework.waitForStop(10_000);
        } catch (Exception e) {
            System.err.println("FelixMain: stopping the framework failed: " + e);
        }
    }
}
