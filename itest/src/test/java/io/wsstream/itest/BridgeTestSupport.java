package io.wsstream.itest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.zip.CRC32;

import javax.inject.Inject;

import io.wsstream.api.runtime.dto.HandlerDTO;

import org.junit.After;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Base of the bridge tests: the client and bridge bundles in the container, bridges and forwarders made with
 * factory configurations through ConfigurationAdmin (deleted after each test), TCP servers and sockets
 * closed after each test.
 */
public abstract class BridgeTestSupport extends WsstreamTestSupport {
    /** The factory PID of the websocket-to-TCP bridge. */
    static final String BRIDGE_PID = "io.wsstream.bridge.tcp";
    /** The factory PID of the TCP-to-websocket forwarder. */
    static final String FORWARD_PID = "io.wsstream.bridge.forward";
    /** Runtime view properties (bridge-bundle's BridgeRuntime). */
    static final String KIND = "wsstream.bridge";
    static final String CONFIGURATION = "wsstream.bridge.configuration";
    static final String STATE = "wsstream.bridge.state";
    static final String PROBLEM = "wsstream.bridge.problem";
    static final String SERVES = "wsstream.bridge.serves";
    static final String TARGET = "wsstream.bridge.target";
    static final String OPEN_CONNECTIONS = "wsstream.bridge.connections";
    static final String BYTES_TO_TARGET = "wsstream.bridge.bytes.to.target";
    static final String BYTES_FROM_TARGET = "wsstream.bridge.bytes.from.target";

    @Inject
    protected ConfigurationAdmin configAdmin;

    protected final List<Configuration> configurations = new ArrayList<>();
    private final List<AutoCloseable> resources = new ArrayList<>();

    @Override
    protected Option[] additionalOptions() {
        return new Option[] {clientBundles(), bridgeBundles()};
    }

    /** Closes in reverse order of registration, after each test. */
    protected <T extends AutoCloseable> T closeLater(T resource) {
        synchronized (resources) {
            resources.add(resource);
        }
        return resource;
    }

    @After
    public void deleteConfigurationsAndCloseResources() throws Exception {
        List<AutoCloseable> toClose;
        synchronized (resources) {
            toClose = new ArrayList<>(resources);
            resources.clear();
        }
        for (int i = toClose.size() - 1; i >= 0; i--) {
            try {
                toClose.get(i).close();
            } catch (Exception e) {
                // best effort
            }
        }
        for (Configuration configuration : configurations) {
            try {
                configuration.delete();
            } catch (IllegalStateException alreadyDeleted) {
                // fine
            }
        }
        configurations.clear();
    }

    /**
     * Configures a websocket-to-TCP bridge and waits until its path is served.
     *
     * @param extra more properties, e.g. {@code Map.of("connect.timeout.ms", 500L)}
     */
    protected Configuration bridge(String path, int targetPort, Map<String, ?> extra) throws IOException {
        Dictionary<String, Object> properties = new Hashtable<>(extra);
        properties.put("path", path);
        properties.put("target.host", "127.0.0.1");
        properties.put("target.port", targetPort);
        Configuration configuration = configAdmin.createFactoryConfiguration(BRIDGE_PID, "?");
        configurations.add(configuration);
        configuration.update(properties);
        await("bridge path " + path + " served").until(() -> {
            HandlerDTO[] served = streams.getWhiteboardDTO().handlerDTOs;
            return served != null && Arrays.stream(served).anyMatch(h -> path.equals(h.path));
        });
        return configuration;
    }

    protected Configuration bridge(String path, int targetPort) throws IOException {
        return bridge(path, targetPort, Map.of());
    }

    /** Configures a forwarder from a free local port to the URL and waits until it listens; @return the port */
    protected int forwarder(String url, Map<String, ?> extra) throws IOException {
        int port = freePort();
        Dictionary<String, Object> properties = new Hashtable<>(extra);
        properties.put("listen.port", port);
        properties.put("url", url);
        Configuration configuration = configAdmin.createFactoryConfiguration(FORWARD_PID, "?");
        configurations.add(configuration);
        configuration.update(properties);
        await("forwarder on port " + port + " active").until(() -> forwarderActive(port));
        return port;
    }

    /** Listening, as the forwarders' runtime view says (an active component may have refused its configuration). */
    private boolean forwarderActive(int port) {
        return !bridgeRuntimes("(&(" + KIND + "=forward)(" + STATE + "=running)(" + SERVES + "=127.0.0.1:" + port + "))").isEmpty();
    }

    /**
     * The runtime view of bridges and forwarders, as a program reads it: services of type {@link Supplier}
     * with the property {@value #KIND}, whose {@code get()} is a snapshot with the counters.
     *
     * @param filter an LDAP filter over their properties
     * @return the snapshots of those that match
     */
    @SuppressWarnings("unchecked")
    protected List<Map<String, Object>> bridgeRuntimes(String filter) {
        List<Map<String, Object>> snapshots = new ArrayList<>();
        try {
            for (ServiceReference<?> reference : orEmpty(context.getServiceReferences(Supplier.class.getName(), "(&(" + KIND + "=*)" + filter + ")"))) {
                Supplier<Map<String, Object>> runtime = (Supplier<Map<String, Object>>) context.getService(reference);
                if (runtime != null) {
                    try {
                        snapshots.add(runtime.get());
                    } finally {
                        context.ungetService(reference);
                    }
                }
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
        return snapshots;
    }

    /** @return the runtime view of one configuration, once it exists */
    protected Map<String, Object> awaitBridgeRuntime(String configurationPid) {
        return await("runtime view of " + configurationPid)
            .until(() -> bridgeRuntimes("(" + CONFIGURATION + "=" + configurationPid + ")"), found -> found.size() == 1).get(0);
    }

    private static ServiceReference<?>[] orEmpty(ServiceReference<?>[] references) {
        return references == null ? new ServiceReference<?>[0] : references;
    }

    /** @return a port nothing listens on now (bound, then released) */
    protected static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        }
    }

    /** Connects a plain TCP socket to 127.0.0.1, closed after the test. */
    protected Socket tcpConnect(int port) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout((int) TIMEOUT.toMillis() * 3);
        return closeLater(socket);
    }

    /**
     * Writes {@code total} pseudo-random bytes to the socket on one thread while another reads what comes
     * back until {@code expectedBack} bytes arrived; then half-closes.
     *
     * @return {sent CRC, received CRC, received count}
     */
    protected static long[] roundTrip(Socket socket, long total, long seed, long expectedBack) throws Exception {
        CompletableFuture<long[]> reading = CompletableFuture.supplyAsync(() -> {
            try {
                return readCrc(socket.getInputStream(), expectedBack);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        long sentCrc = writeStream(socket.getOutputStream(), total, seed);
        long[] back = reading.get(TIMEOUT.toMillis() * 6, TimeUnit.MILLISECONDS);
        return new long[] {sentCrc, back[0], back[1]};
    }

    /** @return the CRC of the pseudo-random bytes written */
    protected static long writeStream(OutputStream out, long total, long seed) throws IOException {
        BinaryStreamClient.PseudoRandomBytes source = new BinaryStreamClient.PseudoRandomBytes(seed);
        CRC32 crc = new CRC32();
        byte[] buffer = new byte[64 * 1024];
        long left = total;
        while (left > 0) {
            int n = (int) Math.min(buffer.length, left);
            source.fill(buffer, n);
            crc.update(buffer, 0, n);
            out.write(buffer, 0, n);
            left -= n;
        }
        out.flush();
        return crc.getValue();
    }

    /** Reads until {@code expected} bytes or end of stream; @return {CRC, count} */
    protected static long[] readCrc(InputStream in, long expected) throws IOException {
        CRC32 crc = new CRC32();
        byte[] buffer = new byte[64 * 1024];
        long count = 0;
        while (count < expected) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, expected - count));
            if (n < 0) {
                break;
            }
            crc.update(buffer, 0, n);
            count += n;
        }
        return new long[] {crc.getValue(), count};
    }

    /** @return the CRC of {@code total} bytes of the pseudo-random stream with the seed */
    protected static long expectedCrc(long total, long seed) {
        BinaryStreamClient.PseudoRandomBytes source = new BinaryStreamClient.PseudoRandomBytes(seed);
        CRC32 crc = new CRC32();
        byte[] buffer = new byte[64 * 1024];
        long left = total;
        while (left > 0) {
            int n = (int) Math.min(buffer.length, left);
            source.fill(buffer, n);
            crc.update(buffer, 0, n);
            left -= n;
        }
        return crc.getValue();
    }
}
