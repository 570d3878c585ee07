package io.wsstream.benchmark.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.wsstream.benchmark.report.Results;

/**
 * wsstream of an earlier build (server key {@code wsstream@<name>}), measured in the same run as today's build and
 * alternating with it: the distribution's executable jar and the benchmark's handler bundles of that commit, which
 * {@code benchmark/baseline.sh <commit> <name>} built into {@code target/baselines/<name>/}. That commit's handler
 * bundle, not today's: an earlier API may not resolve today's. Otherwise started as {@link WsstreamFelixServer} in
 * distribution mode. Runs on different days differ by more than most changes do, so today's build is compared with an
 * earlier one only within one run.
 */
public final class WsstreamBaselineServer extends WsstreamFelixServer {
    static final String DISTRIBUTION_JAR = "wsstream.jar";

    private final String name;
    private final Path baselineDir;

    /**
     * @param benchDir the build's {@code target/bench}; its sibling {@code baselines/<name>/} holds the baseline
     * @throws IllegalArgumentException when that folder has no {@code wsstream.jar}, with the command that builds it
     */
    public WsstreamBaselineServer(Path workDir, List<String> jvmOptions, Path benchDir, Path classesDir, String name) {
        super(workDir, jvmOptions, benchDir, classesDir, requireBuilt(benchDir, name).resolve(DISTRIBUTION_JAR));
        this.name = name;
        this.baselineDir = directory(benchDir, name);
    }

    /**
     * @return the baseline's name in a server key {@code wsstream@<name>}, or {@code null} when the key names no baseline
     * @throws IllegalArgumentException for {@code wsstream@} without a name
     */
    public static String name(String key) {
        if (!key.startsWith(Results.BASELINE_PREFIX)) {
            return null;
        }
        String name = key.substring(Results.BASELINE_PREFIX.length());
        if (name.isBlank() || name.contains("/") || name.startsWith(".")) {
            throw new IllegalArgumentException("--servers=" + Results.BASELINE_PREFIX + "<name> takes the name of a folder benchmark/baseline.sh built, not '"
                    + name + "'");
        }
        return name;
    }

    /** @return the folder {@code benchmark/baseline.sh} fills for a baseline: {@code target/baselines/<name>} */
    public static Path directory(Path benchDir, String name) {
        return benchDir.resolveSibling("baselines").resolve(name);
    }

    /**
     * @return the baseline's folder
     * @throws IllegalArgumentException when it has no {@code wsstream.jar}, in one line naming the command that builds it
     */
    public static Path requireBuilt(Path benchDir, String name) {
        Path dir = directory(benchDir, name);
        if (!Files.isRegularFile(dir.resolve(DISTRIBUTION_JAR))) {
            throw new IllegalArgumentException("no baseline " + name + " (" + dir.resolve(DISTRIBUTION_JAR)
                    + " is missing): build it with benchmark/baseline.sh <commit> " + name);
        }
        return dir;
    }

    @Override
    public String key() {
        return Results.BASELINE_PREFIX + name;
    }

    @Override
    public String description() {
        String commit;
        try {
            commit = Files.readString(baselineDir.resolve("commit.txt")).trim();
        } catch (IOException unknown) {
            commit = "commit unknown";
        }
        return "wsstream of an earlier build, commit " + commit + ": its distribution (target/baselines/" + name + "/" + DISTRIBUTION_JAR
                + ", built by benchmark/baseline.sh); handlers: its benchmark handler bundle in deploy/";
    }

    @Override
    protected void deployHandlers(Path deploy) throws IOException {
        copyAtomically(jar(baselineDir, "benchmark-wsstream-handlers"), deploy);
    }

    @Override
    protected Path otherBundle() throws IOException {
        return jar(baselineDir, "benchmark-wsstream-other");
    }
}
