package io.wsstream.distribution;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import io.wsstream.api.StreamManager;
import io.wsstream.api.runtime.WebsocketServerRuntime;
import io.wsstream.api.runtime.dto.HandlerDTO;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Prints what the distribution serves, once every bundle has started, that is once the framework's
 * start level has reached the highest start level of a bundle (the launcher sets the bundles' levels
 * from wsstream.bndrun, and raises the framework's beyond them):
 *
 * <pre>
 * wsstream started in 1.1 s
 *   page       http://127.0.0.1:8765/
 *   dashboard  http://127.0.0.1:8765/wsstream/dashboard/
 *   websocket  ws://127.0.0.1:8765/chat
 *   websocket  ws://127.0.0.1:8765/echo
 * </pre>
 *
 * Later changes (a handler dropped into deploy/, a new port in etc/) are logged by wsstream itself.
 */
@Component
public final class ServedUrls {
    /** The manifest header of bundles whose files wsstream serves over HTTP (the demo page). */
    static final String STATIC_HEADER = "Wsstream-Static";
    /** The monitor bundle's data stream; while it is served, its page is at {@link #DASHBOARD_PAGE}. */
    static final String MONITOR_PATH = "/wsstream/monitor";
    static final String DASHBOARD_PAGE = "/wsstream/dashboard/";

    @Reference
    private StreamManager streams;

    /** Dynamic, so that a server leaving on the way out does not print everything again. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<WebsocketServerRuntime> servers;

    private final AtomicBoolean printed = new AtomicBoolean();
    /** Called after a change of the framework's start level has completed. */
    private final FrameworkListener startLevelReached = event -> {
        if (event.getType() == FrameworkEvent.STARTLEVEL_CHANGED && frameworkStartLevel() >= highestBundleStartLevel()) {
            printOnce();
        }
    };
    private BundleContext context;

    @Activate
    void activate(BundleContext bundleContext) {
        context = bundleContext;
        context.addFrameworkListener(startLevelReached);
        // Past the highest level of a bundle, every bundle has started; at that level, the event tells.
        if (frameworkStartLevel() > highestBundleStartLevel()) {
            printOnce();
        }
    }

    @Deactivate
    void deactivate() {
        context.removeFrameworkListener(startLevelReached);
    }

    private void printOnce() {
        if (printed.compareAndSet(false, true)) {
            System.out.println(describe(context, streams, servers));
        }
    }

    private int frameworkStartLevel() {
        return context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkStartLevel.class).getStartLevel();
    }

    private int highestBundleStartLevel() {
        return Arrays.stream(context.getBundles()).mapToInt(b -> b.adapt(BundleStartLevel.class).getStartLevel()).max().orElse(1);
    }

    static String describe(BundleContext context, StreamManager streams, Collection<WebsocketServerRuntime> servers) {
        StringBuilder text = new StringBuilder("wsstream started in " + sinceJvmStart() + "\n");
        if (servers.isEmpty()) {
            return text.append("  no wsstream server is listening: see the log above\n").toString();
        }
        HandlerDTO[] handlers = streams.getWhiteboardDTO().handlerDTOs;
        List<String> paths = handlers == null ? List.of()
                : Arrays.stream(handlers).map(h -> h.path).sorted().collect(Collectors.toList());
        boolean page = Arrays.stream(context.getBundles())
                .anyMatch(b -> b.getState() == Bundle.ACTIVE && b.getHeaders("").get(STATIC_HEADER) != null);
        for (WebsocketServerRuntime server : servers) {
            if (page) {
                text.append("  page       ").append(server.uri("/").toString().replaceFirst("^ws", "http")).append('\n');
            }
            if (paths.contains(MONITOR_PATH)) {
                text.append("  dashboard  ").append(server.uri(DASHBOARD_PAGE).toString().replaceFirst("^ws", "http")).append('\n');
            }
            paths.forEach(path -> text.append("  websocket  ").append(server.uri(path)).append('\n'));
        }
        if (paths.isEmpty()) {
            text.append("  no handler yet: drop a handler bundle into deploy/\n");
        }
        return text.toString();
    }

    private static String sinceJvmStart() {
        return ProcessHandle.current().info().startInstant()
                .map(start -> String.format("%.1f s", Duration.between(start, Instant.now()).toMillis() / 1000.0))
                .orElse("?");
    }
}
