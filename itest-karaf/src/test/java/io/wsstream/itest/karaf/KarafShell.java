package io.wsstream.itest.karaf;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivilegedExceptionAction;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.security.auth.Subject;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;

/**
 * Runs commands as a Karaf console user would type them, through a session of Karaf's own
 * {@link SessionFactory}: the same parser, the same commands ({@code feature:*}, and the Gogo-style
 * {@code wsstream:*} commands Karaf picks up from their {@code osgi.command.*} service properties).
 * Commands run as Karaf's default console user: {@code karaf} with the roles of {@code admingroup}
 * ({@code etc/users.properties}), so the command ACLs apply as they do at the console ({@code feature:install}
 * needs {@code admin}; without a subject Karaf answers "Command not found").
 * Each command gets a session of its own and a time limit; a failing command fails the test with its
 * output.
 */
final class KarafShell implements AutoCloseable {
    private final SessionFactory sessions;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "itest-shell");
        thread.setDaemon(true);
        return thread;
    });

    KarafShell(SessionFactory sessions) {
        this.sessions = sessions;
    }

    /** @return what the command printed, followed by the value it returned (if any) */
    String run(String command, Duration timeout) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        Session session = sessions.create(new ByteArrayInputStream(new byte[0]), print, print);
        CompletableFuture<Object> result = CompletableFuture.supplyAsync(() -> {
            try {
                return Subject.doAs(consoleUser(), (PrivilegedExceptionAction<Object>) () -> session.execute(command));
            } catch (java.security.PrivilegedActionException e) {
                throw new CompletionException(e.getException());
            } catch (RuntimeException e) {
                throw new CompletionException(e);
            }
        }, executor);
        try {
            Object value = result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            print.flush();
            return out.toString(StandardCharsets.UTF_8) + (value == null ? "" : value.toString());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException && e.getCause().getCause() != null
                    ? e.getCause().getCause() : e.getCause();
            throw new AssertionError("'" + command + "' failed: " + cause + "\n" + out.toString(StandardCharsets.UTF_8), cause);
        } catch (TimeoutException e) {
            result.cancel(true);
            throw new AssertionError("'" + command + "' did not finish within " + timeout.toSeconds() + " s\n"
                    + out.toString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted during '" + command + "'");
        } finally {
            session.close();
        }
    }

    private static Subject consoleUser() {
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal("karaf"));
        for (String role : new String[] {"admin", "manager", "viewer", "systembundles", "ssh"}) {
            subject.getPrincipals().add(new RolePrincipal(role));
        }
        return subject;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
