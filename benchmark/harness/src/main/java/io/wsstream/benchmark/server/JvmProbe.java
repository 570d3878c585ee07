package io.wsstream.benchmark.server;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import com.sun.tools.attach.VirtualMachine;

/**
 * Looks into a server JVM from outside, the same way for all three servers: the attach API starts the
 * JVM's local management agent, and its platform MBeans answer. Nothing in the servers is changed for it.
 *
 * <ul>
 * <li>allocated bytes: the sum of {@code ThreadMXBean.getThreadAllocatedBytes} over the live threads
 *     (threads that end between two samples take their share with them: an underestimate, small while
 *     the thread pools are busy);
 * <li>CPU time of the process ({@code OperatingSystemMXBean.ProcessCpuTime});
 * <li>context switches of its threads (Linux: {@code /proc/<pid>/task/<tid>/status}, voluntary and
 *     not): the thread hand-offs and wake-ups that JFR's samples of Java code do not show;
 * <li>live heap: the total of {@code GC.class_histogram}, which first runs a full GC, so it counts
 *     reachable objects only;
 * <li>JFR recordings through the {@code DiagnosticCommand} MBean.
 * </ul>
 */
public final class JvmProbe implements AutoCloseable {
    private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("(?m)^Total\\s+(\\d+)\\s+(\\d+)\\s*$");
    private static final Pattern HISTOGRAM_ROW = Pattern.compile("(?m)^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+).*$");

    private final long pid;
    private final JMXConnector connector;
    private final MBeanServerConnection mbeans;
    private final ObjectName threading;
    private final ObjectName os;
    private final ObjectName diagnostics;

    private JvmProbe(long pid, JMXConnector connector) throws IOException {
        this.pid = pid;
        this.connector = connector;
        this.mbeans = connector.getMBeanServerConnection();
        try {
            threading = new ObjectName("java.lang:type=Threading");
            os = new ObjectName("java.lang:type=OperatingSystem");
            diagnostics = new ObjectName("com.sun.management:type=DiagnosticCommand");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Attaches to a JVM of the same user. */
    public static JvmProbe attach(long pid) {
        try {
            VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
            String address;
            try {
                address = vm.startLocalManagementAgent();
            } finally {
                vm.detach();
            }
            return new JvmProbe(pid, JMXConnectorFactory.connect(new JMXServiceURL(address)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot attach to JVM " + pid + ": " + e, e);
        }
    }

    /** What a server JVM has consumed up to now. */
    public record Sample(long cpuNanos, Map<Long, Long> perThread, long contextSwitches) {

        /** @return bytes allocated between {@code earlier} and this sample (new threads count in full) */
        public long allocatedSince(Sample earlier) {
            long total = 0;
            for (Map.Entry<Long, Long> thread : perThread.entrySet()) {
                long before = earlier.perThread.getOrDefault(thread.getKey(), 0L);
                total += Math.max(0, thread.getValue() - before);
            }
            return total;
        }

        /** @return CPU nanoseconds the process used between {@code earlier} and this sample */
        public long cpuSince(Sample earlier) {
            return cpuNanos - earlier.cpuNanos;
        }

        /** @return context switches between {@code earlier} and this sample, or -1 where /proc is not there */
        public long contextSwitchesSince(Sample earlier) {
            return contextSwitches < 0 || earlier.contextSwitches < 0 ? -1 : contextSwitches - earlier.contextSwitches;
        }
    }

    public Sample sample() {
        try {
            long cpu = (Long) mbeans.getAttribute(os, "ProcessCpuTime");
            long[] ids = (long[]) mbeans.getAttribute(threading, "AllThreadIds");
            long[] allocated = (long[]) mbeans.invoke(threading, "getThreadAllocatedBytes", new Object[] {ids},
                    new String[] {long[].class.getName()});
            Map<Long, Long> perThread = new HashMap<>(ids.length * 2);
            for (int i = 0; i < ids.length; i++) {
                if (allocated[i] >= 0) {
                    perThread.put(ids[i], allocated[i]);
                }
            }
            return new Sample(cpu, perThread, contextSwitches());
        } catch (Exception e) {
            throw new IllegalStateException("sampling JVM " + pid + " failed: " + e, e);
        }
    }

    /** @return the context switches of the process's live threads so far, or -1 without Linux's /proc */
    private long contextSwitches() {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        if (!Files.isDirectory(tasks)) {
            return -1;
        }
        long total = 0;
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
            for (Path thread : threads) {
                try {
                    for (String line : Files.readAllLines(thread.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:") || line.startsWith("nonvoluntary_ctxt_switches:")) {
                            total += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                } catch (IOException threadEnded) {
                    // the thread ended since the listing: its switches are gone with it, as its allocation is
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return total;
    }

    /** The live objects after a full GC: their total, and per class their bytes and instances. */
    public record Heap(long liveBytes, long instances, Map<String, Long> bytesByClass, Map<String, Long> instancesByClass) {}

    /** Runs {@code GC.class_histogram} (a full GC first) and reads it. */
    public Heap liveHeap() {
        String histogram = diagnosticCommand("gcClassHistogram");
        Matcher total = HISTOGRAM_TOTAL.matcher(histogram);
        if (!total.find()) {
            throw new IllegalStateException("no total in the class histogram of JVM " + pid);
        }
        Map<String, Long> byClass = new LinkedHashMap<>();
        Map<String, Long> instancesByClass = new LinkedHashMap<>();
        Matcher row = HISTOGRAM_ROW.matcher(histogram);
        while (row.find()) {
            // a class loaded by two loaders (two bundles) has two rows under one name
            byClass.merge(row.group(3), Long.parseLong(row.group(2)), Long::sum);
            instancesByClass.merge(row.group(3), Long.parseLong(row.group(1)), Long::sum);
        }
        return new Heap(Long.parseLong(total.group(2)), Long.parseLong(total.group(1)), byClass, instancesByClass);
    }

    /**
     * @return how many more files (sockets) the JVM may open: its limit less what it has open, from Linux's
     *     {@code /proc}; {@link Long#MAX_VALUE} where that cannot be read
     */
    public long freeFiles() {
        return freeFiles(pid);
    }

    /** {@link #freeFiles()} of any process of this user, the harness's own included. */
    public static long freeFiles(long pid) {
        Path proc = Path.of("/proc", Long.toString(pid));
        try (java.util.stream.Stream<Path> open = Files.list(proc.resolve("fd"))) {
            long count = open.count();
            for (String line : Files.readAllLines(proc.resolve("limits"))) {
                if (line.startsWith("Max open files")) {
                    String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                    return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft) - count;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process is gone: the caller's connects will tell
        }
        return Long.MAX_VALUE;
    }

    /**
     * Starts a JFR recording with the JDK's {@code profile} settings, sampling Java code every millisecond
     * (instead of 10) and allocation ten times as often, so that a few seconds give enough samples.
     *
     * @param scratch a folder for the settings file (the server JVM reads it)
     */
    public void startRecording(String name, java.nio.file.Path scratch) {
        try {
            String profile = java.nio.file.Files.readString(
                    java.nio.file.Path.of(System.getProperty("java.home"), "lib", "jfr", "profile.jfc"));
            String dense = profile
                    .replace("control=\"method-sampling-java-interval\">10 ms<", "control=\"method-sampling-java-interval\">1 ms<")
                    .replace("control=\"allocation-profiling\">300/s<", "control=\"allocation-profiling\">3000/s<");
            java.nio.file.Path settings = java.nio.file.Files.createDirectories(scratch).resolve("benchmark-profile.jfc");
            java.nio.file.Files.writeString(settings, dense);
            diagnosticCommand("jfrStart", "name=" + name, "settings=" + settings.toAbsolutePath());
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the JFR settings: " + e, e);
        }
    }

    /** Stops the recording and writes it to {@code file}. */
    public void stopRecording(String name, java.nio.file.Path file) {
        diagnosticCommand("jfrStop", "name=" + name, "filename=" + file.toAbsolutePath());
    }

    private String diagnosticCommand(String operation, String... arguments) {
        try {
            return String.valueOf(mbeans.invoke(diagnostics, operation, new Object[] {arguments},
                    new String[] {String[].class.getName()}));
        } catch (Exception e) {
            throw new IllegalStateException(operation + " on JVM " + pid + " failed: " + e, e);
        }
    }

    @Override
    public void close() {
        try {
            connector.close();
        } catch (IOException e) {
            // the JVM may be gone already
        }
    }
}
