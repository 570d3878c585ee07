package io.wsstream.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

import io.wsstream.api.CloseCodes;
import io.wsstream.api.runtime.WebsocketServerRuntime;
import io.wsstream.api.runtime.dto.HandlerDTO;
import io.wsstream.itest.hotdeploy.HotHandlerV1;
import io.wsstream.itest.hotdeploy.HotHandlerV2;
import io.wsstream.itest.support.TestSocket;

import org.junit.Test;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/**
 * Hot deploy as users do it: FileInstall watches a folder; a handler jar written into it is served,
 * replaced by a new build it serves new connections with the new code, deleted its streams close
 * with 1001 and its path answers 404. Nothing else restarts.
 */
public class HotDeployIT extends WsstreamTestSupport {

    /** FileInstall's poll interval here (the distribution polls every 1000 ms). */
    static final int POLL_MS = 100;
    static final String DIR_PROPERTY = "felix.fileinstall.dir";
    static final String BUNDLE = "io.wsstream.itest.hot";
    static final String PATH = "/hot";

    @Override
    protected Option[] additionalOptions() {
        File folder = new File("target/hot-deploy/watched").getAbsoluteFile();
        deleteTree(folder.toPath());
        if (!folder.mkdirs()) {
            throw new IllegalStateException("cannot create " + folder);
        }
        return options(
            frameworkProperty(DIR_PROPERTY).value(folder.getPath()),
            frameworkProperty("felix.fileinstall.poll").value(String.valueOf(POLL_MS)),
            frameworkProperty("felix.fileinstall.noInitialDelay").value("true"),
            frameworkProperty("felix.fileinstall.optionalImportRefreshScope").value("managed"),
            mavenBundle("org.apache.felix", "org.apache.felix.fileinstall").versionAsInProject());
    }

    @Test
    public void handlerJarInTheWatchedFolderIsServedReplacedAndRetired() throws Exception {
        Path watched = Path.of(context.getProperty(DIR_PROPERTY));
        Path jar = watched.resolve("hot-handler.jar");
        serve("/bystander", (stream, message) -> stream.sendText(message.text()));
        TestSocket bystander = connect("/bystander");
        long serverServiceId = serverServiceId();
        Bundle impl = installedBundle("io.wsstream.impl");
        long implLastModified = impl.getLastModified();
        assertEquals(404, handshakeStatus(PATH));

        // deploy: copied into the folder, served
        long start = System.nanoTime();
        drop(HandlerJar.of(BUNDLE, "1.0.0", HotHandlerV1.class, PATH), jar);
        HandlerDTO v1 = awaitHandlerAt(PATH, dto -> true);
        long deployMs = millisSince(start);
        TestSocket first = connect(PATH);
        first.sendText("a");
        assertEquals("v1 a", first.nextText());

        // replace: a new build of the same bundle; its old streams close, new ones get the new code
        start = System.nanoTime();
        drop(HandlerJar.of(BUNDLE, "2.0.0", HotHandlerV2.class, PATH), jar);
        assertEquals(CloseCodes.GOING_AWAY, first.awaitClose().code());
        awaitHandlerAt(PATH, dto -> dto.serviceId != v1.serviceId);
        long replaceMs = millisSince(start);
        TestSocket second = connect(PATH);
        second.sendText("b");
        assertEquals("v2 b", second.nextText());
        assertEquals(Bundle.ACTIVE, installedBundle(BUNDLE).getState());

        // nothing else restarted: the server, the implementation, a stream of another handler
        bystander.sendText("still here");
        assertEquals("still here", bystander.nextText());
        assertEquals(serverServiceId, serverServiceId());
        assertEquals(implLastModified, impl.getLastModified());
        assertEquals(Bundle.ACTIVE, impl.getState());

        // delete: streams close with 1001, the path answers 404, the bundle is gone
        start = System.nanoTime();
        Files.delete(jar);
        assertEquals(CloseCodes.GOING_AWAY, second.awaitClose().code());
        await("no handler at " + PATH).until(() -> handlerDTO(PATH).isEmpty());
        long deleteMs = millisSince(start);
        assertEquals(404, handshakeStatus(PATH));
        await(BUNDLE + " uninstalled").until(() -> Arrays.stream(context.getBundles())
            .noneMatch(b -> BUNDLE.equals(b.getSymbolicName())));
        assertFalse("the bystander's stream stayed open", bystander.isClosed());

        System.out.printf("hot deploy latency with FileInstall polling every %d ms: served %d ms after the jar was written,"
            + " new build served after %d ms, retired %d ms after the jar was deleted%n", POLL_MS, deployMs, replaceMs, deleteMs);
    }

    /** Writes the jar next to the folder, then moves it in: FileInstall never sees half a jar. */
    private static void drop(byte[] bundle, Path target) throws IOException {
        Path staged = target.getParent().resolveSibling(target.getFileName() + ".staged");
        Files.write(staged, bundle);
        Files.move(staged, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private HandlerDTO awaitHandlerAt(String path, Predicate<HandlerDTO> which) {
        return await("a handler served at " + path).until(() -> handlerDTO(path).filter(which), Optional::isPresent).get();
    }

    private long serverServiceId() {
        ServiceReference<WebsocketServerRuntime> ref = context.getServiceReference(WebsocketServerRuntime.class);
        assertNotEquals(null, ref);
        return (Long) ref.getProperty(Constants.SERVICE_ID);
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new IllegalStateException("cannot clean " + root, e);
        }
    }
}
