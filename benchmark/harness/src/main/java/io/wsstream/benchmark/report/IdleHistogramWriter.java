package io.wsstream.benchmark.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.wsstream.benchmark.client.IdleLoad;
import io.wsstream.benchmark.client.IdleLoad.ClassGrowth;

/**
 * The idle section's class histograms as Markdown: per server, the classes whose live heap grew between no
 * stream open and all open, per stream, most first. What the classes belong to (Jetty's connection, the
 * websocket session, the stream) is for the reader: docs/benchmark.md has it for wsstream.
 */
final class IdleHistogramWriter {
    /** Rows per server; the rest is summed in one row. */
    static final int ROWS = 40;

    private IdleHistogramWriter() {}

    /** @param histograms server key to {@code streams}, {@code liveHeapBytesPerStream} and {@code classes} (ClassGrowth rows) */
    static String markdown(Map<String, Object> context, Map<?, ?> histograms) {
        StringBuilder md = new StringBuilder();
        md.append("# Idle streams: live heap by class, per stream — ").append(context.get("mode")).append(" run, ")
                .append(context.get("date")).append("\n\n");
        if (context.get("note") != null) {
            md.append("**").append(context.get("note")).append("**\n\n");
        }
        md.append("Command: `").append(context.get("command")).append("`; source ").append(context.get("source")).append(".  \n");
        md.append("`GC.class_histogram` of the server JVM (a full GC first: live objects only) with all streams open, less the one")
                .append(" taken just before they were opened (no stream open), divided by the streams; the last round of the idle")
                .append(" section's first size. Classes that grew by less than ").append(ReportWriter.format(IdleLoad.HISTOGRAM_FLOOR_BYTES))
                .append(" bytes per stream are left out; some classes shrink (caches, garbage of the previous section), so the rows")
                .append(" may add up to a little more than the total.\n");
        histograms.forEach((server, value) -> {
            Map<?, ?> histogram = (Map<?, ?>) value;
            double total = ((Number) histogram.get("liveHeapBytesPerStream")).doubleValue();
            @SuppressWarnings("unchecked")
            List<ClassGrowth> classes = (List<ClassGrowth>) histogram.get("classes");
            md.append("\n## ").append(Results.SERVER_LABELS.getOrDefault(String.valueOf(server), String.valueOf(server))).append(": ")
                    .append(String.format(Locale.ROOT, "%,d", ((Number) histogram.get("streams")).intValue()))
                    .append(" idle streams, ").append(ReportWriter.format(total)).append(" bytes of live heap per stream\n\n");
            md.append("| class | instances per stream | bytes per stream | share of the total |\n|---|---:|---:|---:|\n");
            for (ClassGrowth row : classes.subList(0, Math.min(ROWS, classes.size()))) {
                md.append("| `").append(row.className()).append("` | ").append(String.format(Locale.ROOT, "%.2f", row.instancesPerStream()))
                        .append(" | ").append(ReportWriter.format(row.bytesPerStream())).append(" | ").append(share(row.bytesPerStream(), total))
                        .append(" |\n");
            }
            double rest = classes.stream().skip(ROWS).mapToDouble(ClassGrowth::bytesPerStream).sum();
            if (classes.size() > ROWS) {
                md.append("| ").append(classes.size() - ROWS).append(" other classes | | ").append(ReportWriter.format(rest)).append(" | ")
                        .append(share(rest, total)).append(" |\n");
            }
            md.append("| **total** (live heap after less before, per stream) | | **").append(ReportWriter.format(total)).append("** | |\n");
        });
        return md.toString();
    }

    private static String share(double bytes, double total) {
        return total > 0 ? String.format(Locale.ROOT, "%.1f%%", 100 * bytes / total) : "—";
    }
}
