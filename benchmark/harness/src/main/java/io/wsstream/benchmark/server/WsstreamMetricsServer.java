package io.wsstream.benchmark.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.wsstream.benchmark.report.Results;

/**
 * wsstream in the distribution, as {@link WsstreamFelixServer}, with the metrics bundle given a registry: its
 * Prometheus registry and scrape endpoint on ({@code etc/io.wsstream.metrics.cfg}: {@code prometheus.enabled=true}),
 * so every meter exists and every handler call is timed ({@code wsstream.handler.time}). Beside plain
 * {@code wsstream} (the same distribution, whose metrics bundle has no registry and so observes nothing) in one run,
 * it gives what the metrics cost on the message path.
 */
public final class WsstreamMetricsServer extends WsstreamFelixServer {
    static final String SCRAPE_PATH = "/metrics";

    public WsstreamMetricsServer(Path workDir, List<String> jvmOptions, Path benchDir, Path classesDir, Path distributionJar) {
        super(workDir, jvmOptions, benchDir, classesDir, distributionJar);
    }

    @Override
    public String key() {
        return Results.WSSTREAM_METRICS;
    }

    @Override
    public String description() {
        return super.description() + "; metrics on: the metrics bundle's Prometheus registry and endpoint (prometheus.enabled=true), "
                + "so each handler call is timed into wsstream.handler.time";
    }

    @Override
    protected void deployHandlers(Path deploy) throws IOException {
        if (!inDistribution()) {
            throw new UnsupportedOperationException("the metrics bundle runs in the distribution only (--wsstream=distribution)");
        }
        Files.writeString(workDir.resolve("etc/io.wsstream.metrics.cfg"), "prometheus.enabled=true\nprometheus.path=" + SCRAPE_PATH + "\n");
        super.deployHandlers(deploy);
    }

    /**
     * @return the total of {@code wsstream_handler_time_seconds_count} over its series in one scrape: how many handler
     *     calls were timed, which shows the timer was on
     */
    public double timedHandlerCalls() throws IOException, InterruptedException {
        // HTTP/1.1: the JDK client's default asks for an h2c upgrade, and a request with Upgrade is not a plain GET
        HttpResponse<String> scrape = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + SCRAPE_PATH))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (scrape.statusCode() != 200) {
            throw new IOException("GET " + SCRAPE_PATH + " answered " + scrape.statusCode());
        }
        return scrape.body().lines().filter(line -> line.startsWith("wsstream_handler_time_seconds_count"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}
