package io.wsstream.benchmark.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.google.gson.GsonBuilder;

/**
 * Writes the results as JSON (every run of every figure) and as a Markdown table (median, range, and
 * the ratios wsstream/plain Jetty and wsstream/Pax Web for every figure; with earlier builds measured in the same run,
 * {@code wsstream@<name>}, a column for each and the ratio today's build / that build).
 */
public final class ReportWriter {
    private static final String JETTY_RATIO = Results.WSSTREAM + "/" + Results.JETTY;
    private static final String PAXWEB_RATIO = Results.WSSTREAM + "/" + Results.PAXWEB;
    private static final String TCP_RATIO = Results.WSSTREAM + "/" + Results.DIRECT_TCP;
    private static final String JAKARTA_PAXWEB_RATIO = Results.WSSTREAM_JAKARTA + "/" + Results.PAXWEB;
    private static final String METRICS_RATIO = Results.WSSTREAM_METRICS + "/" + Results.WSSTREAM;

    private ReportWriter() {}

    /**
     * Writes {@code <name>.json} and {@code <name>.md} into {@code dir}, and {@code <name>-idle-histogram.md} when the
     * idle section ran.
     */
    public static void write(Results results, Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name + ".json"), json(results));
        Files.writeString(dir.resolve(name + ".md"), markdown(results));
        if (results.details.get("idleHeapHistogram") instanceof Map<?, ?> histograms && !histograms.isEmpty()) {
            Files.writeString(dir.resolve(name + "-idle-histogram.md"), IdleHistogramWriter.markdown(results.context, histograms));
        }
    }

    static String json(Results results) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("context", results.context);
        List<Object> figures = new ArrayList<>();
        for (Figure figure : results.figures()) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("section", figure.section());
            f.put("name", figure.name());
            f.put("unit", figure.unit());
            f.put("better", figure.better().name().toLowerCase(Locale.ROOT));
            Map<String, Object> servers = new LinkedHashMap<>();
            for (String server : columns(figure)) {
                if (!figure.runs(server).isEmpty()) {
                    Map<String, Object> s = new LinkedHashMap<>();
                    s.put("median", number(figure.median(server)));
                    s.put("min", number(figure.min(server)));
                    s.put("max", number(figure.max(server)));
                    s.put("runs", figure.runs(server).stream().map(ReportWriter::number).toList());
                    servers.put(server, s);
                }
            }
            f.put("servers", servers);
            Map<String, Object> ratios = new LinkedHashMap<>();
            if (againstDirectTcp(figure)) {
                ratios.put(TCP_RATIO, number(figure.ratio(Results.WSSTREAM, Results.DIRECT_TCP)));
            } else {
                ratios.put(JETTY_RATIO, number(figure.ratio(Results.WSSTREAM, Results.JETTY)));
                ratios.put(PAXWEB_RATIO, number(figure.ratio(Results.WSSTREAM, Results.PAXWEB)));
                if (hasJakarta(figure)) {
                    ratios.put(JAKARTA_PAXWEB_RATIO, number(figure.ratio(Results.WSSTREAM_JAKARTA, Results.PAXWEB)));
                }
                if (hasMetrics(figure)) {
                    ratios.put(METRICS_RATIO, number(figure.ratio(Results.WSSTREAM_METRICS, Results.WSSTREAM)));
                }
                baselines(figure).forEach(baseline -> ratios.put(Results.WSSTREAM + "/" + baseline,
                        number(figure.ratio(Results.WSSTREAM, baseline))));
            }
            f.put("ratios", ratios);
            figures.add(f);
        }
        root.put("figures", figures);
        root.put("details", results.details);
        root.put("missing", results.missing);
        return new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create().toJson(root) + "\n";
    }

    static String markdown(Results results) {
        StringBuilder md = new StringBuilder();
        Map<String, Object> c = results.context;
        md.append("# wsstream benchmark — ").append(c.get("mode")).append(" run, ").append(c.get("date")).append("\n\n");
        if (c.get("note") != null) {
            md.append("**").append(c.get("note")).append("**\n\n");
        }
        md.append("Machine: ").append(c.get("machine")).append(".  \n");
        md.append("Command: `").append(c.get("command")).append("`; ").append(c.get("durationSeconds")).append(" s; source ")
                .append(c.get("source")).append(".  \n");
        md.append("Server JVMs: `").append(c.get("serverJvmOptions")).append("`; client: Jetty 12 websocket client in the harness JVM, loopback.  \n");
        md.append("Each cell: median [min–max] of the runs; runs alternate between the servers after a warm-up (echo: each round starts with the next server). ")
                .append("Ratios are of the medians, wsstream / other: above 1 is better for wsstream where higher is better (↑), ")
                .append("below 1 where lower is better (↓).\n\n");
        @SuppressWarnings("unchecked")
        Map<String, String> servers = (Map<String, String>) c.get("servers");
        if (servers != null) {
            servers.forEach((key, description) -> md.append("- **").append(Results.SERVER_LABELS.getOrDefault(key, key))
                    .append("**: ").append(description).append("\n"));
            md.append("\n");
        }
        Map<String, List<Figure>> sections = new LinkedHashMap<>();
        results.figures().forEach(f -> sections.computeIfAbsent(f.section(), k -> new ArrayList<>()).add(f));
        sections.forEach((section, figures) -> {
            md.append("\n### ").append(section).append("\n\n");
            List<Figure> bridged = figures.stream().filter(ReportWriter::againstDirectTcp).toList();
            if (!bridged.isEmpty()) {
                md.append("| figure | wsstream bridge | direct TCP | bridge/direct |\n");
                md.append("|---|---:|---:|---:|\n");
                bridged.forEach(figure -> md.append("| ").append(label(figure)).append(" | ").append(cell(figure, Results.WSSTREAM))
                        .append(" | ").append(cell(figure, Results.DIRECT_TCP)).append(" | ").append(ratio(figure, Results.DIRECT_TCP))
                        .append(" |\n"));
            }
            List<Figure> others = figures.stream().filter(f -> !againstDirectTcp(f)).toList();
            if (!others.isEmpty()) {
                boolean jakarta = others.stream().anyMatch(ReportWriter::hasJakarta);
                boolean metrics = others.stream().anyMatch(ReportWriter::hasMetrics);
                List<String> baselines = others.stream().flatMap(f -> baselines(f).stream()).distinct().toList();
                md.append("| figure | wsstream | plain Jetty 12 | Pax Web 8 | wsstream/Jetty | wsstream/Pax Web |")
                        .append(jakarta ? " wsstream, Jakarta endpoint | Jakarta on wsstream/Pax Web |" : "")
                        .append(metrics ? " wsstream with metrics | with/without metrics |" : "");
                baselines.forEach(baseline -> md.append(" ").append(baseline).append(" | wsstream/").append(baseline).append(" |"));
                md.append("\n|---|---:|---:|---:|---:|---:|").append(jakarta ? "---:|---:|" : "").append(metrics ? "---:|---:|" : "")
                        .append("---:|---:|".repeat(baselines.size())).append("\n");
                others.forEach(figure -> row(md, figure, jakarta, metrics, baselines));
            }
        });
        if (!results.missing.isEmpty()) {
            md.append("\n### Not measured, or went wrong\n\n");
            results.missing.forEach(m -> md.append("- ").append(m).append("\n"));
        }
        if (results.details.get("wsstreamHotSpots") instanceof List<?> recordings) {
            for (Object recording : recordings) {
                Map<?, ?> spots = (Map<?, ?>) recording;
                md.append("\n### wsstream hot spots (JFR): ").append(spots.get("workload")).append("\n\n");
                md.append(String.format(Locale.ROOT, "%.0f CPU samples, %.0f MB of sampled allocation.%n%n",
                        ((Number) spots.get("cpuSamples")).doubleValue(), ((Number) spots.get("sampledAllocationBytes")).doubleValue() / 1e6));
                appendTop(md, "CPU samples by top frame", spots.get("cpuTopFrames"));
                appendTop(md, "CPU samples by first wsstream frame", spots.get("cpuWsstreamFrames"));
                appendTop(md, "allocation by top frame (share of sampled bytes)", spots.get("allocationTopFrames"));
                appendTop(md, "allocation by first wsstream frame (share of sampled bytes)", spots.get("allocationWsstreamFrames"));
                appendTop(md, "allocation by class (share of sampled bytes)", spots.get("allocationClasses"));
            }
        }
        Object idle = results.details.get("idleHeapTopClasses");
        if (idle instanceof Map<?, ?> byServer && !byServer.isEmpty()) {
            md.append("\n### Idle streams: classes whose live heap grew most (bytes per stream, last run)\n\n");
            byServer.forEach((server, classes) -> {
                md.append("- ").append(Results.SERVER_LABELS.getOrDefault(String.valueOf(server), String.valueOf(server))).append(": ");
                List<String> parts = new ArrayList<>();
                ((Map<?, ?>) classes).forEach((cls, bytes) -> parts.add("`" + cls + "` " + format(((Number) bytes).doubleValue())));
                md.append(String.join(", ", parts)).append("\n");
            });
        }
        return md.toString();
    }

    /** A figure of the bridge section: wsstream's bridge against a plain TCP connection, not against the other servers. */
    private static boolean againstDirectTcp(Figure figure) {
        return !figure.runs(Results.DIRECT_TCP).isEmpty();
    }

    private static List<String> columns(Figure figure) {
        if (againstDirectTcp(figure)) {
            return List.of(Results.WSSTREAM, Results.DIRECT_TCP);
        }
        List<String> columns = new ArrayList<>(Results.SERVERS);
        if (hasJakarta(figure)) {
            columns.add(Results.WSSTREAM_JAKARTA);
        }
        if (hasMetrics(figure)) {
            columns.add(Results.WSSTREAM_METRICS);
        }
        columns.addAll(baselines(figure));
        return columns;
    }

    /** @return the earlier builds measured for a figure ({@code --servers=...,wsstream@<name>}), each with two more columns */
    private static List<String> baselines(Figure figure) {
        return figure.servers().stream().filter(server -> server.startsWith(Results.BASELINE_PREFIX)).toList();
    }

    /** A figure with the metrics variant ({@code --servers=wsstream,wsstream-metrics}), which gets two more columns. */
    private static boolean hasMetrics(Figure figure) {
        return !figure.runs(Results.WSSTREAM_METRICS).isEmpty();
    }

    /** A figure with the Jakarta variant ({@code --servers=...,wsstream-jakarta}), which gets two more columns. */
    private static boolean hasJakarta(Figure figure) {
        return !figure.runs(Results.WSSTREAM_JAKARTA).isEmpty();
    }

    private static String label(Figure figure) {
        return figure.name() + " (" + figure.unit() + (figure.better() == Figure.Better.HIGHER ? " ↑" : " ↓") + ")";
    }

    private static void row(StringBuilder md, Figure figure, boolean jakarta, boolean metrics, List<String> baselines) {
        md.append("| ").append(label(figure)).append(" | ").append(cell(figure, Results.WSSTREAM))
                .append(" | ").append(cell(figure, Results.JETTY))
                .append(" | ").append(cell(figure, Results.PAXWEB))
                .append(" | ").append(ratio(figure, Results.JETTY))
                .append(" | ").append(ratio(figure, Results.PAXWEB)).append(" |");
        if (jakarta) {
            md.append(" ").append(cell(figure, Results.WSSTREAM_JAKARTA))
                    .append(" | ").append(ratio(figure, Results.WSSTREAM_JAKARTA, Results.PAXWEB)).append(" |");
        }
        if (metrics) {
            md.append(" ").append(cell(figure, Results.WSSTREAM_METRICS))
                    .append(" | ").append(ratio(figure, Results.WSSTREAM_METRICS, Results.WSSTREAM)).append(" |");
        }
        baselines.forEach(baseline -> md.append(" ").append(cell(figure, baseline)).append(" | ").append(ratio(figure, baseline)).append(" |"));
        md.append("\n");
    }

    private static void appendTop(StringBuilder md, String title, Object entries) {
        if (!(entries instanceof Map<?, ?> map) || map.isEmpty()) {
            return;
        }
        md.append("**").append(title).append("**\n\n");
        map.forEach((frame, share) -> md.append("- ").append(String.format(Locale.ROOT, "%.1f%%", ((Number) share).doubleValue()))
                .append(" `").append(frame).append("`\n"));
        md.append("\n");
    }

    private static String cell(Figure figure, String server) {
        List<Double> runs = figure.runs(server);
        if (runs.isEmpty()) {
            return "—";
        }
        double median = figure.median(server);
        if (runs.size() == 1) {
            return format(median);
        }
        return format(median) + " [" + format(figure.min(server)) + "–" + format(figure.max(server)) + "]";
    }

    private static String ratio(Figure figure, String reference) {
        return ratio(figure, Results.WSSTREAM, reference);
    }

    private static String ratio(Figure figure, String server, String reference) {
        double ratio = figure.ratio(server, reference);
        if (!Double.isNaN(ratio)) {
            return String.format(Locale.ROOT, "%.2f", ratio);
        }
        // Figure.ratio has no ratio for a missing median or a reference of 0: say which it is
        double a = figure.median(server);
        if (Double.isNaN(a) || Double.isNaN(figure.median(reference))) {
            return "—";
        }
        return a == 0 ? "= (both 0)" : "∞";
    }

    static String format(double value) {
        if (Double.isNaN(value)) {
            return "—";
        }
        double abs = Math.abs(value);
        if (abs >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (abs >= 100 || value == Math.rint(value)) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        if (abs >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static Object number(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? null : value;
    }
}
