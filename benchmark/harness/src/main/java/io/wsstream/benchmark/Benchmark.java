package io.wsstream.benchmark;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.wsstream.benchmark.client.BridgeLoad;
import io.wsstream.benchmark.client.BroadcastLoad;
import io.wsstream.benchmark.client.DisturbanceLoad;
import io.wsstream.benchmark.client.EchoLoad;
import io.wsstream.benchmark.client.IdleLoad;
import io.wsstream.benchmark.client.LoadClient;
import io.wsstream.benchmark.client.TcpSink;
import io.wsstream.benchmark.report.Figure;
import io.wsstream.benchmark.report.JfrSummary;
import io.wsstream.benchmark.report.Machine;
import io.wsstream.benchmark.report.ReportWriter;
import io.wsstream.benchmark.report.Results;
import io.wsstream.benchmark.server.JvmProbe;
import io.wsstream.benchmark.server.PaxWebKarafServer;
import io.wsstream.benchmark.server.PlainJettyServer;
import io.wsstream.benchmark.server.ServerUnderTest;
import io.wsstream.benchmark.server.WsstreamBaselineServer;
import io.wsstream.benchmark.server.WsstreamFelixServer;
import io.wsstream.benchmark.server.WsstreamJakartaServer;
import io.wsstream.benchmark.server.WsstreamMetricsServer;

/**
 * The benchmark run: starts the three servers (wsstream in Felix, plain Jetty 12, Pax Web in Karaf),
 * each in its own JVM with the same options, measures them with one client in alternating runs, and
 * writes the results. Started by {@code benchmark/run.sh}, which builds first.
 *
 * <p>Options: {@code --quick} (a short run to check the harness), {@code --servers=wsstream,jetty,paxweb} (and
 * {@code wsstream-jakarta}: Pax Web's endpoint classes on wsstream through jakarta-bundle; {@code wsstream-metrics}: the
 * distribution with the metrics bundle's Prometheus registry on, its ratio to {@code wsstream} what the metrics cost;
 * {@code wsstream@<name>}: an earlier build of wsstream that {@code benchmark/baseline.sh} built, measured alternating with
 * today's; none of these in the default),
 * {@code --sections=echo,profile,echo-many,idle,broadcast,disturbance,bridge,cluster} and {@code --payloads=text64,binary4k,json} (measure
 * only these; default all), {@code --many-connections=N} (the connections of {@code echo-many}), {@code --idle-streams=N,M}
 * (the sizes of the idle section; the class histogram is the first's), {@code --out=DIR}, {@code --name=NAME} (the results' file names; default {@code latest}, or the
 * mode), {@code --note=TEXT} (printed above the table, e.g. that the machine was shared),
 * {@code --wsstream=distribution} (run wsstream in {@code distribution/target/wsstream.jar}; default {@code felix}: the
 * harness boots Felix with the runtime bundles of docs/karaf.md), {@code --no-profile} or {@code --profile} (without or with the JFR recording of wsstream; the full run has it).
 */
public final class Benchmark {
    /** The same for the three server JVMs. */
    static final List<String> SERVER_JVM_OPTIONS = List.of("-Xms1g", "-Xmx1g", "-XX:+UseG1GC");
    static final Duration FELIX_START = Duration.ofSeconds(90);
    static final Duration JETTY_START = Duration.ofSeconds(60);
    static final Duration KARAF_START = Duration.ofMinutes(5);
    /** A run never takes longer than this: later sections are skipped and said so. */
    static final Duration MAX_RUN = Duration.ofMinutes(30);
    /** Runs of each path in the bridge section before it measures. */
    static final int BRIDGE_WARMUP_RUNS = 2;
    /** How long a node may take to join the cluster (Hazelcast's join) and serve the cluster path. */
    static final Duration CLUSTER_JOIN = Duration.ofSeconds(60);
    /**
     * Open files the client and each server keep free besides the connections of a section: jars and classes
     * opened late, log files, the attach API's socket; a connection takes one file on each side.
     */
    static final int SPARE_FILES = 200;
    /** How long a section waits for the files of the previous one's connections to be released. */
    static final Duration FILES_RELEASED = Duration.ofSeconds(30);

    private final Plan plan;
    /** The sections to measure ({@code --sections=echo,profile,echo-many,idle,broadcast,disturbance,bridge,cluster}); empty: all. */
    private Set<String> sections = Set.of();
    private final Results results = new Results();
    private final List<ServerUnderTest> servers = new ArrayList<>();
    private final Map<String, JvmProbe> probes = new LinkedHashMap<>();
    private final LoadClient client = new LoadClient();
    private final long startNanos = System.nanoTime();
    private final Path benchDir;
    private final Path runDir;
    /** The distribution's executable jar that runs wsstream, or {@code null}: the harness boots Felix itself. */
    private Path distributionJar;

    /**
     * @param benchDir what the build laid out ({@code benchmark/harness/target/bench})
     */
    private Benchmark(Plan plan, Path benchDir) {
        this.plan = plan;
        this.benchDir = benchDir;
        this.runDir = benchDir.resolveSibling("bench-run");
    }

    /** @return the option's value as a count of connections or streams, or a clear refusal of anything else */
    static int count(String option, String value) {
        try {
            int count = Integer.parseInt(value.trim());
            if (count > 0) {
                return count;
            }
        } catch (NumberFormatException notANumber) {
            // refused below, with the option's name
        }
        throw new IllegalArgumentException(option + " takes whole numbers above 0 (comma-separated for --idle-streams), not '" + value + "'");
    }

    public static void main(String[] args) throws Exception {
        List<String> options = Arrays.asList(args);
        Plan plan = options.contains("--quick") ? Plan.quick() : Plan.full();
        if (options.contains("--no-profile") || options.contains("--profile")) {
            plan = plan.withProfile(options.contains("--profile"));
        }
        String payloads = option(options, "--payloads", "");
        if (!payloads.isEmpty()) {
            List<String> keys = List.of(payloads.split(","));
            plan = plan.withPayloads(Arrays.stream(Payload.values()).filter(p -> keys.contains(p.key())).toList());
        }
        List<String> serverKeys = List.of(option(options, "--servers", String.join(",", Results.SERVERS)).split(","));
        Path benchDir = Path.of(System.getProperty("benchmark.dir", "benchmark/harness/target/bench")).toAbsolutePath();
        // a baseline not built is said before anything starts, not after the other servers have
        serverKeys.stream().map(WsstreamBaselineServer::name).filter(Objects::nonNull)
                .forEach(baseline -> WsstreamBaselineServer.requireBuilt(benchDir, baseline));
        Path out = Path.of(option(options, "--out", plan.mode().equals("full")
                ? System.getProperty("benchmark.results", "benchmark/results") : benchDir.resolveSibling("bench-results").toString()));
        String note = option(options, "--note", null);

        String idleSizes = option(options, "--idle-streams", "");
        if (!idleSizes.isEmpty()) {
            plan = plan.withIdleStreams(Arrays.stream(idleSizes.split(",")).map(size -> count("--idle-streams", size)).toList());
        }
        String many = option(options, "--many-connections", "");
        if (!many.isEmpty()) {
            plan = plan.withManyConnections(count("--many-connections", many));
        }

        Benchmark benchmark = new Benchmark(plan, benchDir);
        String chosen = option(options, "--sections", "");
        benchmark.sections = chosen.isEmpty() ? Set.of() : Set.of(chosen.split(","));
        String launcher = option(options, "--wsstream", "felix");
        if (launcher.equals("distribution")) {
            benchmark.distributionJar = Path.of(System.getProperty("benchmark.distribution", "distribution/target/wsstream.jar")).toAbsolutePath();
            if (!Files.isRegularFile(benchmark.distributionJar)) {
                throw new IllegalArgumentException(benchmark.distributionJar + " does not exist: build the distribution module");
            }
        } else if (!launcher.equals("felix")) {
            throw new IllegalArgumentException("--wsstream=felix or --wsstream=distribution, not " + launcher);
        }
        benchmark.results.context.put("mode", plan.mode());
        benchmark.results.context.put("date", ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        benchmark.results.context.put("note", note);
        benchmark.results.context.put("command", "benchmark/run.sh " + String.join(" ",
                options.stream().filter(o -> !o.startsWith("--note=")).toList()));
        benchmark.results.context.put("source", gitDescribe());
        try {
            benchmark.run(serverKeys);
        } finally {
            benchmark.close();
        }
        String name = option(options, "--name", plan.mode().equals("full") ? "latest" : plan.mode());
        ReportWriter.write(benchmark.results, out, name);
        System.out.println("results: " + out.resolve(name + ".md") + " and " + name + ".json");
        System.exit(0);
    }

    private void run(List<String> serverKeys) throws Exception {
        Map<String, Object> machine = Machine.describe();
        results.context.put("machine", Machine.summary(machine));
        results.context.put("machineDetails", machine);
        results.context.put("serverJvmOptions", String.join(" ", SERVER_JVM_OPTIONS));
        results.context.put("settings", plan.describe());
        log("machine: " + Machine.summary(machine) + "; plan " + plan.mode());

        startServers(serverKeys);
        Map<String, String> descriptions = new LinkedHashMap<>();
        servers.forEach(s -> descriptions.put(s.key(), s.description()));
        results.context.put("servers", descriptions);

        section("warm-up", this::warmUp);
        section("echo", "echo", this::echo);
        // before the 10,000 idle streams, which leave Jetty's selector with large (never shrinking) key sets
        if (plan.profile()) {
            section("profile", "JFR profile of wsstream", this::profile);
        }
        // after the profile for the same reason
        section("echo-many", "echo at many connections", this::echoMany);
        section("idle", "idle streams", this::idle);
        section("broadcast", "broadcast", this::broadcast);
        section("disturbance", "deploy/undeploy disturbance", this::disturbance);
        section("bridge", "byte-stream bridge", this::bridge);
        section("cluster", "cluster broadcast", this::cluster);

        machine.put("loadAverageAtEnd", Machine.loadAverage());
        results.context.put("durationSeconds", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos));
    }

    // ---------------------------------------------------------------- servers

    private void startServers(List<String> keys) {
        Path classes = benchDir.resolveSibling("classes");
        for (String key : keys) {
            ServerUnderTest server;
            Duration timeout;
            try {
                switch (key) {
                    case Results.WSSTREAM:
                        server = new WsstreamFelixServer(runDir.resolve(key), SERVER_JVM_OPTIONS, benchDir, classes, distributionJar);
                        timeout = FELIX_START;
                        break;
                    case Results.WSSTREAM_JAKARTA:
                        server = new WsstreamJakartaServer(runDir.resolve(key), SERVER_JVM_OPTIONS, benchDir, classes, distributionJar);
                        timeout = FELIX_START;
                        break;
                    case Results.WSSTREAM_METRICS:
                        server = new WsstreamMetricsServer(runDir.resolve(key), SERVER_JVM_OPTIONS, benchDir, classes, distributionJar);
                        timeout = FELIX_START;
                        break;
                    case Results.JETTY:
                        server = new PlainJettyServer(runDir.resolve(key), SERVER_JVM_OPTIONS,
                                Files.readString(benchDir.resolve("classpath.txt")).trim() + java.io.File.pathSeparator + classes);
                        timeout = JETTY_START;
                        break;
                    case Results.PAXWEB:
                        if (!Files.exists(PaxWebKarafServer.distribution(benchDir))) {
                            results.missing.add("Pax Web: Karaf was not fetched (build with -Pbenchmark, as benchmark/run.sh does)");
                            continue;
                        }
                        server = new PaxWebKarafServer(runDir.resolve(key), SERVER_JVM_OPTIONS, benchDir, localRepository());
                        timeout = KARAF_START;
                        break;
                    default:
                        String baseline = WsstreamBaselineServer.name(key);
                        if (baseline == null) {
                            throw new IllegalArgumentException("unknown server " + key + "; known: " + Results.SERVERS + ", "
                                    + Results.WSSTREAM_JAKARTA + ", " + Results.WSSTREAM_METRICS + " and "
                                    + Results.BASELINE_PREFIX + "<name> (built by benchmark/baseline.sh)");
                        }
                        server = new WsstreamBaselineServer(runDir.resolve("baseline-" + baseline), SERVER_JVM_OPTIONS, benchDir,
                                classes, baseline);
                        timeout = FELIX_START;
                        break;
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            long start = System.nanoTime();
            try {
                log("starting " + key);
                server.start(client, timeout);
                probes.put(key, JvmProbe.attach(server.pid()));
                servers.add(server);
                long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
                log(key + " serves after " + seconds + " s (pid " + server.pid() + ")");
                results.details.computeIfAbsent("startSeconds", k -> new LinkedHashMap<String, Object>());
                @SuppressWarnings("unchecked")
                Map<String, Object> starts = (Map<String, Object>) results.details.get("startSeconds");
                starts.put(key, seconds);
            } catch (Exception e) {
                log(key + " did not start: " + e);
                results.missing.add(key + " did not start: " + e.getMessage());
                server.close();
            }
        }
        if (servers.stream().noneMatch(s -> s.key().equals(Results.WSSTREAM))) {
            throw new IllegalStateException("wsstream did not start: nothing to measure; " + results.missing);
        }
    }

    // ---------------------------------------------------------------- sections

    private void warmUp() {
        EchoLoad echo = new EchoLoad(client);
        int connections = Math.min(100, plan.concurrencies().stream().mapToInt(Integer::intValue).max().orElse(100));
        for (ServerUnderTest server : servers) {
            for (Payload payload : plan.payloads()) {
                attempt("warm-up " + payload.key() + " on " + server.key(), () ->
                        echo.measure(server.uri(payload.path()), payload, connections, null, Duration.ZERO, plan.warmup()));
            }
        }
    }

    private void echo() {
        for (Payload payload : plan.payloads()) {
            for (int connections : plan.concurrencies()) {
                echo(payload, connections, plan.rampUp(), plan.window());
            }
        }
        for (ServerUnderTest server : servers) {
            if (server instanceof WsstreamMetricsServer metrics) {
                // the timer was on: its count is every message echoed (warm-up included)
                Double timed = attempt("scrape of " + server.key(), metrics::timedHandlerCalls);
                if (timed != null) {
                    results.details.put("metricsTimedHandlerCalls", timed);
                    log(String.format(Locale.ROOT, "%s timed %.0f handler calls (wsstream_handler_time_seconds_count)", server.key(), timed));
                }
            }
        }
    }

    /**
     * The echo section's measurement at many connections (10,000 in the full plan), for the payloads the plan
     * names for it; its figures join the echo section's.
     */
    private void echoMany() {
        int connections = fitToOpenFiles(plan.many().connections(), "echo at many connections");
        for (Payload payload : plan.payloads()) {
            if (plan.many().payloads().contains(payload)) {
                echo(payload, connections, plan.many().rampUp(), plan.many().window());
            }
        }
    }

    private void echo(Payload payload, int connections, Duration rampUp, Duration window) {
        EchoLoad echo = new EchoLoad(client);
        String scenario = payload.label() + ", " + connections + (connections == 1 ? " connection" : " connections");
        for (int round = 1; round <= plan.rounds(); round++) {
            for (ServerUnderTest server : RoundOrder.forRound(servers, round)) {
                EchoLoad.EchoSample sample = attempt("echo " + scenario + " on " + server.key() + ", round " + round, () ->
                        echo.measure(server.uri(payload.path()), payload, connections, probes.get(server.key()),
                                rampUp, window));
                if (sample == null) {
                    continue;
                }
                String key = server.key();
                results.figure("Echo throughput", scenario, "msg/s", Figure.Better.HIGHER).add(key, sample.throughput());
                results.figure("Echo latency", scenario + ": p50", "µs", Figure.Better.LOWER).add(key, sample.p50Micros());
                results.figure("Echo latency", scenario + ": p99", "µs", Figure.Better.LOWER).add(key, sample.p99Micros());
                results.figure("Echo latency", scenario + ": p99.9", "µs", Figure.Better.LOWER).add(key, sample.p999Micros());
                results.figure("Server cost per echoed message", scenario + ": allocated", "bytes/msg", Figure.Better.LOWER)
                        .add(key, sample.allocatedBytesPerMessage());
                results.figure("Server cost per echoed message", scenario + ": CPU", "µs/msg", Figure.Better.LOWER)
                        .add(key, sample.cpuMicrosPerMessage());
                if (!Double.isNaN(sample.contextSwitchesPerMessage())) {
                    results.figure("Server cost per echoed message", scenario + ": thread context switches", "1/msg",
                            Figure.Better.LOWER).add(key, sample.contextSwitchesPerMessage());
                }
                log(String.format(Locale.ROOT, "echo %-32s %-16s %9.0f msg/s  p50 %7.1f  p99 %8.1f  p99.9 %8.1f µs  %6.0f B/msg  %5.1f µs CPU/msg  %4.2f switches/msg",
                        scenario, key, sample.throughput(), sample.p50Micros(), sample.p99Micros(), sample.p999Micros(),
                        sample.allocatedBytesPerMessage(), sample.cpuMicrosPerMessage(), sample.contextSwitchesPerMessage()));
            }
        }
    }

    /**
     * Idle streams at each size of the plan (10,000 and 19,000 in the full plan), alternating between the servers:
     * live heap per stream, the time to open them, and how many were open and echoed a message afterwards.
     * The class histogram of the first size's last round is kept for the report ({@code <name>-idle-histogram.md}).
     */
    private void idle() {
        IdleLoad idle = new IdleLoad(client);
        Map<String, Object> topClasses = new LinkedHashMap<>();
        Map<String, Object> histograms = new LinkedHashMap<>();
        for (int planned : plan.idleStreams()) {
            int count = fitToOpenFiles(planned, "idle streams");
            String streams = String.format(Locale.ROOT, "%,d", count);
            for (int round = 1; round <= plan.idleRounds(); round++) {
                for (ServerUnderTest server : servers) {
                    IdleLoad.IdleSample sample = attempt("idle " + streams + " streams on " + server.key(), () ->
                            idle.measure(server.uri("/bench/echo"), count, probes.get(server.key())));
                    if (sample == null) {
                        continue;
                    }
                    results.figure("Idle streams", streams + " open streams: live heap per stream", "bytes", Figure.Better.LOWER)
                            .add(server.key(), sample.heapBytesPerStream());
                    results.figure("Idle streams", streams + " open streams: time to open them", "s", Figure.Better.LOWER)
                            .add(server.key(), sample.openSeconds());
                    results.figure("Idle streams", streams + " open streams: open when the heap was measured", "streams",
                            Figure.Better.HIGHER).add(server.key(), sample.open());
                    results.figure("Idle streams", streams + " open streams: echoing a message afterwards", "streams",
                            Figure.Better.HIGHER).add(server.key(), sample.echoed());
                    if (sample.problems() != null) {
                        results.missing.add("idle streams on " + server.key() + ", round " + round + ": " + sample.problems());
                    }
                    if (planned == plan.idleStreams().get(0)) {
                        topClasses.put(server.key(), sample.topClasses());
                        histograms.put(server.key(), Map.of("streams", count, "liveHeapBytesPerStream", sample.heapBytesPerStream(),
                                "classes", sample.histogram()));
                    }
                    log(String.format(Locale.ROOT, "idle %s streams on %-8s opened in %.2f s, %.0f bytes of live heap per stream,"
                                    + " %d open, %d echoed afterwards", streams, server.key(), sample.openSeconds(),
                            sample.heapBytesPerStream(), sample.open(), sample.echoed()));
                }
            }
        }
        results.details.put("idleHeapTopClasses", topClasses);
        results.details.put("idleHeapHistogram", histograms);
    }

    /**
     * A section about to open {@code wanted} connections at once: as many as the client and every server can
     * hold, each keeping {@link #SPARE_FILES} free (one connection takes a file on each side); fewer are said so.
     *
     * @return the connections to open
     */
    private int fitToOpenFiles(int wanted, String section) {
        // the previous run's sockets may still be closing (a server closes a connection after its close handshake)
        long deadline = System.nanoTime() + FILES_RELEASED.toNanos();
        long fits;
        while ((fits = freeFiles() - SPARE_FILES) < wanted && System.nanoTime() < deadline) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (fits >= wanted) {
            return wanted;
        }
        int fewer = (int) Math.max(100, fits);
        String why = String.format(Locale.ROOT, "%s: %,d connections instead of %,d, as many as the open-files limit (%d) leaves"
                + " room for in the client and the servers", section, fewer, wanted, maxOpenFiles());
        log(why);
        results.missing.add(why);
        return fewer;
    }

    /** @return the files the client or the server with the fewest left may still open */
    private long freeFiles() {
        long free = JvmProbe.freeFiles(ProcessHandle.current().pid());
        for (ServerUnderTest server : servers) {
            free = Math.min(free, JvmProbe.freeFiles(server.pid()));
        }
        return free;
    }

    private void broadcast() {
        Map<String, BroadcastLoad> loads = new LinkedHashMap<>();
        try {
            for (ServerUnderTest server : servers) {
                BroadcastLoad load = attempt("broadcast: opening " + plan.broadcastStreams() + " streams on " + server.key(),
                        () -> new BroadcastLoad(client, server.uri("/bench/broadcast"), plan.broadcastStreams()));
                if (load != null) {
                    loads.put(server.key(), load);
                }
            }
            // a server whose broadcast failed once is left out of the later rounds
            Map<String, BroadcastLoad> working = new LinkedHashMap<>(loads);
            for (int i = 0; i < plan.broadcastWarmup(); i++) {
                new ArrayList<>(working.keySet()).forEach(key -> {
                    if (attempt("broadcast warm-up on " + key, working.get(key)::round) == null) {
                        working.remove(key);
                    }
                });
            }
            Figure figure = results.figure("Broadcast", "one message to " + plan.broadcastStreams()
                    + " streams: until the last has it", "ms", Figure.Better.LOWER);
            for (int round = 1; round <= plan.broadcastRounds(); round++) {
                new ArrayList<>(working.keySet()).forEach(key -> {
                    Long nanos = attempt("broadcast on " + key, working.get(key)::round);
                    if (nanos == null) {
                        working.remove(key);
                    } else {
                        figure.add(key, nanos / 1e6);
                    }
                });
            }
            loads.keySet().forEach(key -> log(String.format(Locale.ROOT, "broadcast to %d on %-8s median %.2f ms",
                    plan.broadcastStreams(), key, figure.median(key))));
        } finally {
            loads.values().forEach(BroadcastLoad::close);
        }
    }

    /**
     * Cluster broadcast (#16): wsstream's node (a) and a second distribution node (b) joined as a cluster on
     * loopback, the streams spread evenly over both, one of them on a sending. One message until the last stream
     * has it, in rounds alternating with the single-node broadcast on node a (the broadcast section's measurement,
     * on as many streams), and the ratio of their medians; then sustained broadcasts from that one publisher, as
     * fast as its frames are written, with the deliveries lost counted. wsstream in the distribution only.
     */
    private void cluster() throws Exception {
        ServerUnderTest server = servers.stream().filter(s -> s.key().equals(Results.WSSTREAM)).findFirst().orElseThrow();
        if (!(server instanceof WsstreamFelixServer a)) {
            throw new IllegalStateException("wsstream runs in " + server.getClass().getSimpleName());
        }
        WsstreamFelixServer b = new WsstreamFelixServer(runDir.resolve("wsstream-b"), SERVER_JVM_OPTIONS, benchDir,
                benchDir.resolveSibling("classes"), distributionJar);
        int streams = plan.broadcastStreams();
        List<BroadcastLoad> loads = new ArrayList<>();
        try {
            log("starting a second wsstream node");
            b.start(client, FELIX_START);
            a.joinCluster("a", List.of(b), client, CLUSTER_JOIN);
            b.joinCluster("b", List.of(a), client, CLUSTER_JOIN);
            BroadcastLoad single = new BroadcastLoad(client, a.uri("/bench/broadcast"), streams);
            loads.add(single);
            BroadcastLoad spread = new BroadcastLoad(client, List.of(a.uri(WsstreamFelixServer.CLUSTER_PATH),
                    b.uri(WsstreamFelixServer.CLUSTER_PATH)), streams);
            loads.add(spread);
            for (int i = 0; i < plan.broadcastWarmup(); i++) {
                single.round();
                spread.round();
            }
            String message = "one message to " + streams + " streams until the last has it";
            Figure oneNode = results.figure("Cluster broadcast", message + ": all on one node", "ms", Figure.Better.LOWER);
            Figure twoNodes = results.figure("Cluster broadcast", message + ": spread over two nodes (cluster broadcast)", "ms",
                    Figure.Better.LOWER);
            for (int round = 1; round <= plan.broadcastRounds(); round++) {
                oneNode.add(Results.WSSTREAM, single.round() / 1e6);
                twoNodes.add(Results.WSSTREAM, spread.round() / 1e6);
            }
            double ratio = twoNodes.median(Results.WSSTREAM) / oneNode.median(Results.WSSTREAM);
            results.figure("Cluster broadcast", message + ": two nodes / one node (target at most 2)", "x", Figure.Better.LOWER)
                    .add(Results.WSSTREAM, ratio);
            single.close();
            loads.remove(single);
            int messages = plan.mode().equals("quick") ? 300 : 3000;
            BroadcastLoad.FloodResult flood = spread.flood(messages);
            String sustained = messages + " broadcasts from one publisher to " + streams + " streams on two nodes";
            results.figure("Cluster broadcast", sustained + ": sustained rate", "broadcasts/s", Figure.Better.HIGHER)
                    .add(Results.WSSTREAM, flood.perSecond());
            results.figure("Cluster broadcast", sustained + ": deliveries lost", "deliveries", Figure.Better.LOWER)
                    .add(Results.WSSTREAM, flood.lost());
            log(String.format(Locale.ROOT, "cluster broadcast to %d streams: one node median %.2f ms, two nodes %.2f ms (%.2fx);"
                            + " sustained %.0f broadcasts/s, %d deliveries lost", streams, oneNode.median(Results.WSSTREAM),
                    twoNodes.median(Results.WSSTREAM), ratio, flood.perSecond(), flood.lost()));
        } finally {
            loads.forEach(BroadcastLoad::close);
            b.close();
            attempt("cluster: node a leaving the cluster", () -> {
                a.leaveCluster(client, CLUSTER_JOIN);
                return null;
            });
        }
    }

    /**
     * JFR recordings of wsstream while it echoes, one per workload: one connection (where the hand-offs
     * between threads show most), and 100 connections of text then JSON (where the work per message shows).
     */
    private void profile() throws Exception {
        ServerUnderTest server = servers.stream().filter(s -> s.key().equals(Results.WSSTREAM)).findFirst().orElseThrow();
        JvmProbe probe = probes.get(server.key());
        EchoLoad echo = new EchoLoad(client);
        List<Map<String, Object>> summaries = new ArrayList<>();
        record Workload(String name, Payload payload, int connections) {}
        List<List<Workload>> recordings = List.of(
                List.of(new Workload("64-byte text, 1 connection", Payload.TEXT_64, 1)),
                List.of(new Workload("64-byte text, 100 connections", Payload.TEXT_64, 100),
                        new Workload("small JSON, 100 connections", Payload.JSON_SMALL, 100)));
        for (List<Workload> workloads : recordings) {
            String name = "wsstream-" + workloads.get(0).connections() + "-connections";
            Path file = runDir.resolve(name + ".jfr");
            probe.startRecording(name, runDir);
            try {
                for (Workload workload : workloads) {
                    echo.measure(server.uri(workload.payload().path()), workload.payload(), workload.connections(), null,
                            Duration.ZERO, plan.profileWindow());
                }
            } finally {
                probe.stopRecording(name, file);
            }
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("workload", "echo of " + workloads.stream().map(Workload::name).collect(java.util.stream.Collectors.joining(", then "))
                    + ", " + plan.profileWindow().toSeconds() + " s each; JDK 'profile' settings, Java sampled every 1 ms; "
                    + file.getFileName());
            summary.putAll(JfrSummary.summarize(file));
            summaries.add(summary);
            log("JFR recording of wsstream: " + file);
        }
        results.details.put("wsstreamHotSpots", summaries);
    }

    private void disturbance() throws Exception {
        DisturbanceLoad load = new DisturbanceLoad(client);
        String name = plan.disturbanceClients() + " clients echoing on /bench/echo while another handler bundle is deployed and undeployed "
                + plan.disturbanceCycles() + " times";
        Map<String, Object> details = new LinkedHashMap<>();
        for (ServerUnderTest server : servers) {
            if (!server.isWhiteboard()) {
                continue;
            }
            DisturbanceLoad.DisturbanceSample sample = attempt("disturbance on " + server.key(), () ->
                    load.measure(server, plan.disturbanceClients(), plan.disturbanceCycles()));
            if (sample == null) {
                continue;
            }
            results.figure("Whiteboard disturbance", name + ": streams closed", "streams", Figure.Better.LOWER)
                    .add(server.key(), sample.streamsClosed());
            results.figure("Whiteboard disturbance", name + ": messages lost", "messages", Figure.Better.LOWER)
                    .add(server.key(), sample.messagesLost());
            results.figure("Whiteboard disturbance", name + ": reconnections refused", "handshakes", Figure.Better.LOWER)
                    .add(server.key(), sample.refusedHandshakes());
            results.figure("Whiteboard disturbance", "deployment served after", "ms", Figure.Better.LOWER)
                    .add(server.key(), sample.deployMillis());
            results.figure("Whiteboard disturbance", "undeployment gone after", "ms", Figure.Better.LOWER)
                    .add(server.key(), sample.undeployMillis());
            details.put(server.key(), sample);
            log(String.format(Locale.ROOT, "disturbance on %-8s %d streams closed (codes %s), %d messages lost, %d reconnections refused,"
                            + " %d echoes; deploy %.0f ms, undeploy %.0f ms", server.key(), sample.streamsClosed(), sample.closeCodes(),
                    sample.messagesLost(), sample.refusedHandshakes(), sample.echoes(), sample.deployMillis(), sample.undeployMillis()));
        }
        results.details.put("disturbance", details);
    }

    /**
     * Bytes one way through wsstream's websocket-to-TCP bridge against a direct TCP connection to the same
     * sink (in this JVM), in alternating runs after a warm-up of each: the bridge's cost per byte, with TCP on
     * loopback as the ceiling. wsstream only: the references have no bridge.
     */
    private void bridge() throws Exception {
        ServerUnderTest server = servers.stream().filter(s -> s.key().equals(Results.WSSTREAM)).findFirst().orElseThrow();
        if (!(server instanceof WsstreamFelixServer wsstream)) {
            throw new IllegalStateException("wsstream runs in " + server.getClass().getSimpleName());
        }
        long bytes = plan.bridgeMebibytes() * 1024L * 1024L;
        try (TcpSink sink = new TcpSink()) {
            wsstream.bridgeTo(sink.port(), client, Duration.ofSeconds(30));
            java.net.URI uri = server.uri(WsstreamFelixServer.BRIDGE_PATH);
            BridgeLoad load = new BridgeLoad(sink);
            // the server's JIT needs a few hundred MiB before its bridge path is compiled
            for (int i = 0; i < BRIDGE_WARMUP_RUNS; i++) {
                load.direct(bytes);
                load.bridged(uri, bytes);
            }
            Figure figure = results.figure("Byte-stream bridge", String.format(Locale.ROOT,
                    "%d MiB one way in %d KiB writes/messages: websocket → bridge → TCP sink, against TCP → sink",
                    plan.bridgeMebibytes(), BridgeLoad.CHUNK / 1024), "MB/s", Figure.Better.HIGHER);
            for (int round = 1; round <= plan.bridgeRounds(); round++) {
                Double direct = attempt("direct TCP, round " + round, () -> load.direct(bytes));
                JvmProbe.Sample before = probes.get(server.key()).sample();
                Double bridged = attempt("bridge, round " + round, () -> load.bridged(uri, bytes));
                double cpuMillis = probes.get(server.key()).sample().cpuSince(before) / 1e6;
                if (direct != null) {
                    figure.add(Results.DIRECT_TCP, direct);
                }
                if (bridged != null) {
                    figure.add(Results.WSSTREAM, bridged);
                }
                log(String.format(Locale.ROOT, "bridge round %d: direct TCP %.0f MB/s, bridge %.0f MB/s (server CPU %.1f ms per MiB)", round,
                        direct == null ? Double.NaN : direct, bridged == null ? Double.NaN : bridged, cpuMillis / plan.bridgeMebibytes()));
            }
            log(String.format(Locale.ROOT, "bridge median %.0f MB/s, direct TCP %.0f MB/s: %.2f", figure.median(Results.WSSTREAM),
                    figure.median(Results.DIRECT_TCP), figure.ratio(Results.WSSTREAM, Results.DIRECT_TCP)));
            if (plan.profile()) {
                profileBridge(server, load, uri, bytes);
            }
        }
    }

    /** One more bridge run, recorded by JFR in wsstream's JVM: where the bridge's time per byte goes. */
    private void profileBridge(ServerUnderTest server, BridgeLoad load, java.net.URI uri, long bytes) throws Exception {
        JvmProbe probe = probes.get(server.key());
        String name = "wsstream-bridge";
        Path file = runDir.resolve(name + ".jfr");
        probe.startRecording(name, runDir);
        double rate;
        try {
            rate = load.bridged(uri, bytes);
        } finally {
            probe.stopRecording(name, file);
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("workload", String.format(Locale.ROOT, "bridge: %d MiB one way, websocket → bridge → TCP sink (%.0f MB/s while recorded); "
                + "JDK 'profile' settings, Java sampled every 1 ms; %s", plan.bridgeMebibytes(), rate, file.getFileName()));
        summary.putAll(JfrSummary.summarize(file));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> summaries = (List<Map<String, Object>>) results.details.computeIfAbsent("wsstreamHotSpots",
                k -> new ArrayList<Map<String, Object>>());
        summaries.add(summary);
        log("JFR recording of the bridge: " + file);
    }

    // ---------------------------------------------------------------- plumbing

    private interface Section {
        void run() throws Exception;
    }

    private interface Attempt<T> {
        T run() throws Exception;
    }

    /** A section that {@code --sections=} may leave out. */
    private void section(String key, String name, Section section) {
        if (sections.isEmpty() || sections.contains(key)) {
            section(name, section);
        } else {
            results.missing.add(name + ": not chosen by --sections");
        }
    }

    private void section(String name, Section section) {
        if (System.nanoTime() - startNanos > MAX_RUN.toNanos()) {
            results.missing.add(name + ": skipped, the run had already taken " + MAX_RUN.toMinutes() + " minutes");
            return;
        }
        log("== " + name);
        try {
            section.run();
        } catch (Exception | AssertionError e) {
            log(name + " failed: " + e);
            results.missing.add(name + ": failed: " + e);
        }
    }

    /** Runs one measurement; a failure is logged and listed in the results, and the run goes on. */
    private <T> T attempt(String what, Attempt<T> attempt) {
        try {
            return attempt.run();
        } catch (Exception e) {
            log(what + " failed: " + e.getMessage());
            results.missing.add(what + ": " + e.getMessage());
            return null;
        }
    }

    private void close() {
        probes.values().forEach(JvmProbe::close);
        servers.forEach(ServerUnderTest::close);
        client.close();
    }

    private void log(String line) {
        System.out.printf(Locale.ROOT, "[%5.0f s] %s%n", (System.nanoTime() - startNanos) / 1e9, line);
    }

    /** @return the Maven repository the build used, as it wrote it into {@code bench/build.properties} */
    private Path localRepository() throws java.io.IOException {
        java.util.Properties build = new java.util.Properties();
        try (java.io.Reader reader = Files.newBufferedReader(benchDir.resolve("build.properties"))) {
            build.load(reader);
        }
        return Path.of(build.getProperty("localRepository"));
    }

    private static String option(List<String> options, String name, String fallback) {
        return options.stream().filter(o -> o.startsWith(name + "=")).map(o -> o.substring(name.length() + 1))
                .findFirst().orElse(fallback);
    }

    /** @return the commit measured, with "-dirty" when the work tree had changes (read only) */
    private static String gitDescribe() {
        try {
            Process git = new ProcessBuilder("git", "describe", "--always", "--dirty").redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes()).trim();
            return git.waitFor(10, TimeUnit.SECONDS) && git.exitValue() == 0 ? out : "unknown";
        } catch (Exception e) {
            return "unknown";
        }
    }

    private static long maxOpenFiles() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return unix.getMaxFileDescriptorCount();
        }
        return -1;
    }
}
