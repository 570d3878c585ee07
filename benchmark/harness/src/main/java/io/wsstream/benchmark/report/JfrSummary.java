package io.wsstream.benchmark.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * The hot spots in a JFR recording: where CPU samples and sampled allocation land, by the innermost frame
 * and by the innermost frame of wsstream's own code (what of wsstream's caused it; Jetty's work below a
 * call from wsstream counts there too).
 */
public final class JfrSummary {
    static final int TOP = 15;
    static final String OUR_PACKAGE = "io.wsstream.";

    private JfrSummary() {}

    /**
     * @return {@code cpuTopFrames}, {@code cpuWsstreamFrames} (first frame from wsstream's own code in each
     *     sample), {@code allocationTopFrames}, {@code allocationWsstreamFrames}, {@code allocationClasses}: frame or class → percent
     */
    public static Map<String, Object> summarize(Path recording) throws IOException {
        Map<String, Double> cpuTop = new HashMap<>();
        Map<String, Double> cpuOurs = new HashMap<>();
        Map<String, Double> allocTop = new HashMap<>();
        Map<String, Double> allocClasses = new HashMap<>();
        Map<String, Double> allocOurs = new HashMap<>();
        java.util.Set<Long> sampledThreads = new java.util.HashSet<>();
        double cpuSamples = 0;
        double allocBytes = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            String type = event.getEventType().getName();
            if (isProbe(event)) {
                continue;
            }
            if ("jdk.ExecutionSample".equals(type)) {
                List<RecordedFrame> frames = frames(event.getStackTrace());
                if (frames.isEmpty()) {
                    continue;
                }
                cpuSamples++;
                cpuTop.merge(name(frames.get(0)), 1.0, Double::sum);
                frames.stream().filter(f -> f.getMethod().getType().getName().startsWith(OUR_PACKAGE)).findFirst()
                        .ifPresent(f -> cpuOurs.merge(name(f), 1.0, Double::sum));
            } else if ("jdk.ObjectAllocationSample".equals(type)) {
                // A thread's first sample weighs all it allocated since the thread started, before the
                // recording: only the later ones describe the recorded work.
                if (sampledThreads.add(event.getThread("eventThread").getJavaThreadId())) {
                    continue;
                }
                double weight = event.getLong("weight");
                allocBytes += weight;
                List<RecordedFrame> frames = frames(event.getStackTrace());
                allocTop.merge(frames.isEmpty() ? "?" : name(frames.get(0)), weight, Double::sum);
                allocClasses.merge(event.getClass("objectClass").getName(), weight, Double::sum);
                frames.stream().filter(f -> f.getMethod().getType().getName().startsWith(OUR_PACKAGE)).findFirst()
                        .ifPresent(f -> allocOurs.merge(name(f), weight, Double::sum));
            }
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("cpuSamples", cpuSamples);
        summary.put("sampledAllocationBytes", allocBytes);
        summary.put("cpuTopFrames", top(cpuTop, cpuSamples));
        summary.put("cpuWsstreamFrames", top(cpuOurs, cpuSamples));
        summary.put("allocationTopFrames", top(allocTop, allocBytes));
        summary.put("allocationWsstreamFrames", top(allocOurs, allocBytes));
        summary.put("allocationClasses", top(allocClasses, allocBytes));
        return summary;
    }

    /** @return whether the event comes from the benchmark's own probe (JMX over RMI, JFR, the attach listener) */
    private static boolean isProbe(RecordedEvent event) {
        if (!event.hasField("eventThread") || event.getThread("eventThread") == null) {
            return false;
        }
        String thread = String.valueOf(event.getThread("eventThread").getJavaName());
        return thread.startsWith("RMI ") || thread.startsWith("JFR ") || thread.startsWith("JMX ") || thread.equals("Attach Listener");
    }

    private static List<RecordedFrame> frames(RecordedStackTrace stack) {
        return stack == null ? List.of() : stack.getFrames().stream().filter(RecordedFrame::isJavaFrame).toList();
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName() + ":" + frame.getLineNumber();
    }

    private static Map<String, Double> top(Map<String, Double> counts, double total) {
        Map<String, Double> top = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(TOP)
                .forEach(e -> top.put(e.getKey(), total == 0 ? 0 : 100 * e.getValue() / total));
        return top;
    }
}
