package io.wsstream.benchmark.server;

import java.util.ArrayList;
import java.util.List;

import io.wsstream.benchmark.plain.PlainJettyMain;

/** The reference server, {@link PlainJettyMain}, in a JVM of its own with the harness class path. */
public final class PlainJettyServer extends ServerProcess {
    private final String classPath;

    public PlainJettyServer(java.nio.file.Path workDir, List<String> jvmOptions, String classPath) {
        super(workDir, jvmOptions);
        this.classPath = classPath;
    }

    @Override
    public String key() {
        return "jetty";
    }

    @Override
    public String description() {
        return "plain Jetty 12.1.14 websocket (jetty-websocket-jetty-server, Session.Listener endpoints), Gson for JSON";
    }

    @Override
    protected List<String> prepare() {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable().toString());
        command.addAll(jvmOptions);
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=info");
        command.add("-cp");
        command.add(classPath);
        command.add(PlainJettyMain.class.getName());
        command.add(Integer.toString(port));
        return command;
    }
}
