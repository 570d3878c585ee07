package io.wsstream.benchmark.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything one run produced: the figures, the context, and what could not be measured. */
public final class Results {
    public static final String WSSTREAM = "wsstream";
    public static final String JETTY = "jetty";
    public static final String PAXWEB = "paxweb";
    public static final List<String> SERVERS = List.of(WSSTREAM, JETTY, PAXWEB);
    /**
     * Not in the default run ({@code --servers=wsstream,jetty,paxweb,wsstream-jakarta} adds it): wsstream serving Pax
     * Web's endpoint classes through jakarta-bundle.
     */
    public static final String WSSTREAM_JAKARTA = "wsstream-jakarta";
    /**
     * Not in the default run ({@code --servers=wsstream,wsstream-metrics}): wsstream with the metrics bundle's Prometheus
     * registry on, beside plain wsstream for what the metrics cost.
     */
    public static final String WSSTREAM_METRICS = "wsstream-metrics";
    /**
     * Not in the default run ({@code --servers=wsstream,wsstream@f51b4f9,jetty}): what the key of an earlier build of
     * wsstream starts with, measured beside today's for what a change did; its name follows.
     */
    public static final String BASELINE_PREFIX = "wsstream@";
    /** Not a server: the baseline of the bridge section, a plain TCP connection to the same sink. */
    public static final String DIRECT_TCP = "tcp";
    public static final Map<String, String> SERVER_LABELS = Map.of(WSSTREAM, "wsstream", JETTY, "plain Jetty 12", PAXWEB, "Pax Web 8",
            DIRECT_TCP, "direct TCP", WSSTREAM_JAKARTA, "wsstream, Jakarta endpoint", WSSTREAM_METRICS, "wsstream with metrics");

    private final Map<String, Figure> figures = new LinkedHashMap<>();
    /** Free-form context: date, machine, settings, server descriptions. */
    public final Map<String, Object> context = new LinkedHashMap<>();
    /** Details beyond the figures: idle heap by class, disturbance close codes, JFR hot spots. */
    public final Map<String, Object> details = new LinkedHashMap<>();
    /** What was not measured, and why. */
    public final List<String> missing = new ArrayList<>();

    /** @return the figure with that name, created on first use */
    public synchronized Figure figure(String section, String name, String unit, Figure.Better better) {
        return figures.computeIfAbsent(section + "\u0000" + name, k -> new Figure(section, name, unit, better));
    }

    public synchronized List<Figure> figures() {
        return List.copyOf(figures.values());
    }
}
