package io.wsstream.benchmark.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One measured quantity (e.g. "echo 64-byte text, 100 connections: throughput") with the value of every
 * run on every server. Its summary is the median of the runs with their range.
 */
public final class Figure {
    /** Which way is better, for the reader of the table. */
    public enum Better { HIGHER, LOWER }

    private final String section;
    private final String name;
    private final String unit;
    private final Better better;
    private final Map<String, List<Double>> runs = new LinkedHashMap<>();

    public Figure(String section, String name, String unit, Better better) {
        this.section = section;
        this.name = name;
        this.unit = unit;
        this.better = better;
    }

    public synchronized void add(String server, double value) {
        runs.computeIfAbsent(server, s -> new ArrayList<>()).add(value);
    }

    public String section() {
        return section;
    }

    public String name() {
        return name;
    }

    public String unit() {
        return unit;
    }

    public Better better() {
        return better;
    }

    /** @return the servers with runs of this figure, in the order of their first run */
    public synchronized List<String> servers() {
        return List.copyOf(runs.keySet());
    }

    public synchronized List<Double> runs(String server) {
        return List.copyOf(runs.getOrDefault(server, List.of()));
    }

    /** @return the median of a server's runs, or NaN when it has none */
    public double median(String server) {
        List<Double> values = sorted(server);
        if (values.isEmpty()) {
            return Double.NaN;
        }
        int middle = values.size() / 2;
        return values.size() % 2 == 1 ? values.get(middle) : (values.get(middle - 1) + values.get(middle)) / 2;
    }

    public double min(String server) {
        List<Double> values = sorted(server);
        return values.isEmpty() ? Double.NaN : values.get(0);
    }

    public double max(String server) {
        List<Double> values = sorted(server);
        return values.isEmpty() ? Double.NaN : values.get(values.size() - 1);
    }

    /**
     * @return the ratio of the medians {@code server / reference}; NaN when either is missing or the
     *     reference is 0 (then 0/0 means "equal")
     */
    public double ratio(String server, String reference) {
        double a = median(server);
        double b = median(reference);
        if (Double.isNaN(a) || Double.isNaN(b) || b == 0) {
            return Double.NaN;
        }
        return a / b;
    }

    private List<Double> sorted(String server) {
        List<Double> values = new ArrayList<>(runs(server));
        values.removeIf(v -> v == null || v.isNaN());
        Collections.sort(values);
        return values;
    }
}
