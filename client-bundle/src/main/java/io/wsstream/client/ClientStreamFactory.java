package io.wsstream.client;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import io.wsstream.api.CloseCodes;
import io.wsstream.api.client.ClientOptions;
import io.wsstream.api.client.WebsocketClientStream;
import io.wsstream.api.client.WebsocketClientStreamFactory;
import io.wsstream.client.stream.ClientStream;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One instance per bundle that uses the factory: it keeps the streams that bundle opened, and closes them
 * with 1001 when the bundle releases the service (it stops, or ungets it), waiting a little for their
 * closing handshakes.
 */
@Component(service = WebsocketClientStreamFactory.class, scope = ServiceScope.BUNDLE)
public final class ClientStreamFactory implements WebsocketClientStreamFactory {
    private static final Logger LOG = LoggerFactory.getLogger(ClientStreamFactory.class);
    /** How long releasing the factory waits for its streams' closing handshakes. */
    static final long CLOSE_WAIT_MS = 2000;

    private final JettyClients clients;
    private final Set<ClientStream> streams = ConcurrentHashMap.newKeySet();
    private volatile boolean active = true;

    @Activate
    public ClientStreamFactory(@Reference JettyClients clients) {
        this.clients = clients;
    }

    @Deactivate
    void closeStreamsOfTheBundle() {
        active = false;
        List<CompletableFuture<Void>> endings = streams.stream()
                .map(stream -> stream.shutdown(CloseCodes.GOING_AWAY, "client going away").toCompletableFuture())
                .collect(Collectors.toList());
        if (endings.isEmpty()) {
            return;
        }
        try {
            CompletableFuture.allOf(endings.toArray(new CompletableFuture<?>[0])).get(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.info("{} client streams did not finish their closing handshake within {} ms", streams.size(), CLOSE_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.debug("closing client streams", e);
        }
    }

    @Override
    public CompletionStage<WebsocketClientStream> connect(URI uri, ClientOptions options) {
        requireWebsocketUri(uri);
        Objects.requireNonNull(options, "options");
        if (!active) {
            throw new IllegalStateException("the client stream factory was released");
        }
        ClientStream stream = clients.newStream(uri, options);
        streams.add(stream);
        stream.ended().whenComplete((done, failure) -> streams.remove(stream));
        if (!active) {
            // released while this call was under way: the deactivation did not see this stream
            stream.shutdown(CloseCodes.GOING_AWAY, "client going away");
        }
        stream.start();
        return stream.opened();
    }

    private static void requireWebsocketUri(URI uri) {
        Objects.requireNonNull(uri, "uri");
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("ws") || scheme.equals("wss")) || uri.getHost() == null) {
            throw new IllegalArgumentException("not an absolute ws: or wss: URI with a host: " + uri);
        }
    }
}
