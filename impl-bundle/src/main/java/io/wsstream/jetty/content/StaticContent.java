package io.wsstream.jetty.content;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.MimeTypes;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.util.tracker.BundleTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves files of bundles over plain HTTP, so that a page and the websockets it opens come from one
 * server and one origin. An extender: an active bundle names a folder of its own in its manifest,
 * and the files in it are served for as long as the bundle is active.
 *
 * <pre>
 * Wsstream-Static: /web                  files of /web at /   (index.html for a path ending in /)
 * Wsstream-Static: /docs;path=/manual    files of /docs at /manual/
 * </pre>
 *
 * <p>Only what no websocket handler serves reaches this: the {@link io.wsstream.jetty.handshake.RoutingHandler} offers it a plain
 * GET or HEAD for which it found no route, before answering 404. The longest {@code path} wins; on
 * equal paths the bundle with the lower id is asked first, then the next. A bundle that declares the
 * header should require the extender, so that a resolver installs wsstream with it:
 * {@code Require-Capability: osgi.extender;filter:="(&(osgi.extender=wsstream.static)(version>=1.0))"}.
 *
 * <p>Files are read from the bundle on each request (no cache; {@code Cache-Control: no-cache}), so an
 * updated bundle's new files are served at once. Meant for small pages, not as a general web server.
 *
 * <p>Each server's routing handler is given this component (by the server components' reference) and
 * calls {@link #offer}.
 */
@Component(service = StaticContent.class)
@Capability(namespace = "osgi.extender", name = StaticContent.EXTENDER, version = "1.0.0")
public final class StaticContent {
    private static final Logger LOG = LoggerFactory.getLogger(StaticContent.class);

    /** The manifest header a bundle declares its folders with. */
    public static final String HEADER = "Wsstream-Static";
    /** The name of the {@code osgi.extender} capability. */
    public static final String EXTENDER = "wsstream.static";

    /** A folder of a bundle served at a path. */
    private record Mount(Bundle bundle, StaticMounts.Declaration declaration) {
        String folder() {
            return declaration.folder();
        }

        String prefix() {
            return declaration.prefix();
        }
    }

    private static final Comparator<Mount> ORDER = Comparator.<Mount>comparingInt(m -> m.prefix().length()).reversed()
            .thenComparingLong(m -> m.bundle().getBundleId());

    private final Map<Long, List<Mount>> byBundle = new ConcurrentHashMap<>();
    private final BundleTracker<List<Mount>> tracker;
    /** Every mount in the order they are asked in; replaced as a whole when a bundle comes or goes. */
    private volatile List<Mount> mounts = List.of();

    @Activate
    public StaticContent(BundleContext context) {
        tracker = new BundleTracker<>(context, Bundle.ACTIVE, null) {
            @Override
            public List<Mount> addingBundle(Bundle bundle, BundleEvent event) {
                List<Mount> declared = declaredBy(bundle);
                if (declared.isEmpty()) {
                    return null;
                }
                byBundle.put(bundle.getBundleId(), declared);
                changed();
                return declared;
            }

            @Override
            public void removedBundle(Bundle bundle, BundleEvent event, List<Mount> declared) {
                byBundle.remove(bundle.getBundleId());
                changed();
                declared.forEach(m -> LOG.info("no longer serving {} of bundle {}", m.folder(), bundle.getBundleId()));
            }
        };
        tracker.open();
    }

    @Deactivate
    void deactivate() {
        tracker.close();
    }

    /**
     * Serves the request when it is a plain GET or HEAD (no websocket upgrade) of a file that an active
     * bundle declares. Called on a Jetty thread; reads the file from the bundle there.
     *
     * @return {@code true} when the request was answered (the callback is then completed by the
     *     write), {@code false} when the caller should answer it
     */
    public boolean offer(Request request, Response response, Callback callback) {
        String method = request.getMethod();
        boolean head = HttpMethod.HEAD.is(method);
        if (!(head || HttpMethod.GET.is(method)) || request.getHeaders().contains(HttpHeader.UPGRADE)) {
            return false;
        }
        String path = Request.getPathInContext(request);
        for (Mount mount : mounts) {
            String file = StaticMounts.entryFor(mount.declaration(), path);
            byte[] bytes = file == null ? null : read(mount.bundle(), file);
            if (bytes != null) {
                write(response, callback, file, bytes, head);
                return true;
            }
        }
        return false;
    }

    /** @return the file's bytes, or {@code null} when the bundle has no such file (or is gone) */
    private static byte[] read(Bundle bundle, String file) {
        try {
            URL entry = bundle.getEntry(file);
            if (entry == null || entry.getPath().endsWith("/")) {
                return null;
            }
            try (InputStream in = entry.openStream()) {
                return in.readAllBytes();
            }
        } catch (IOException | IllegalStateException gone) {
            LOG.debug("cannot read {} of bundle {}", file, bundle.getBundleId(), gone);
            return null;
        }
    }

    private static void write(Response response, Callback callback, String file, byte[] bytes, boolean head) {
        response.setStatus(HttpStatus.OK_200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType(file));
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.write(true, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(bytes), callback);
    }

    private static String contentType(String file) {
        String type = MimeTypes.DEFAULTS.getMimeByExtension(file);
        if (type == null) {
            return "application/octet-stream";
        }
        boolean textual = type.startsWith("text/") || type.equals("application/json") || type.endsWith("+xml");
        return textual && !type.contains("charset") ? type + ";charset=utf-8" : type;
    }

    private synchronized void changed() {
        List<Mount> all = new ArrayList<>();
        byBundle.values().forEach(all::addAll);
        all.sort(ORDER);
        mounts = List.copyOf(all);
    }

    /** Reads the header once; clauses that are not absolute paths are logged and left out. */
    private static List<Mount> declaredBy(Bundle bundle) {
        String header = bundle.getHeaders("").get(HEADER);
        if (header == null) {
            return List.of();
        }
        List<Mount> declared = new ArrayList<>();
        for (StaticMounts.Declaration declaration : StaticMounts.parse(header, clause -> LOG.warn(
                "bundle {} ({}): ignoring {} clause '{}': the folder must be one below the root, the path absolute",
                bundle.getBundleId(), bundle.getSymbolicName(), HEADER, clause))) {
            LOG.info("serving {} of bundle {} ({}) at {}/", declaration.folder(), bundle.getBundleId(), bundle.getSymbolicName(),
                    declaration.prefix());
            declared.add(new Mount(bundle, declaration));
        }
        return declared;
    }
}
