package io.wsstream.jetty.shell;

import java.io.PrintStream;

import io.wsstream.api.StreamManager;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code wsstream:*} commands as the shells see them (scope {@code wsstream}): each prints the answer
 * {@link WsstreamCommands} gives and returns nothing. A returned value is printed by an interactive Gogo or
 * Karaf console, but not by Karaf's {@code bin/client} (or {@code ssh}) running one command; printed text
 * reaches every one of them, since Gogo's ThreadIO, which Karaf uses too, routes {@code System.out} to the
 * session that runs the command. Bad input fails the command with the {@link IllegalArgumentException} of
 * {@link WsstreamCommands}, which every shell prints.
 */
@Component(service = Object.class, property = {
    "osgi.command.scope=wsstream",
    "osgi.command.function=servers",
    "osgi.command.function=endpoints",
    "osgi.command.function=refused",
    "osgi.command.function=streams",
    "osgi.command.function=close",
    "osgi.command.function=send",
    "osgi.command.function=broadcast",
    "osgi.command.function=tail"})
public final class ShellCommands {

    @Reference
    private WsstreamCommands answers;

    @Reference
    private StreamManager streams;

    /** {@code wsstream:servers}: the running servers, where they listen and what they counted. */
    public void servers() {
        print(answers.servers());
    }

    /** {@code wsstream:endpoints}: the served handlers, one per path. */
    public void endpoints() {
        print(answers.endpoints());
    }

    /** {@code wsstream:refused}: the handler services not served, and why. */
    public void refused() {
        print(answers.refused());
    }

    /** {@code wsstream:streams}: every open stream. */
    public void streams() {
        print(answers.streams());
    }

    /** {@code wsstream:streams /chat}: the open streams on one path. */
    public void streams(String path) {
        print(answers.streams(path));
    }

    /** {@code wsstream:close <stream>}: closes a stream with 1000. */
    public void close(String stream) {
        print(answers.close(stream));
    }

    /** {@code wsstream:close <stream> <code>}: closes a stream with a code. */
    public void close(String stream, int code) {
        print(answers.close(stream, code));
    }

    /** {@code wsstream:close <stream> <code> <reason>}: closes a stream with a code and reason. */
    public void close(String stream, int code, String reason) {
        print(answers.close(stream, code, reason));
    }

    /** {@code wsstream:send <stream> <text>}: sends one text message, as it is (quote it in the shell). */
    public void send(String stream, String text) {
        print(answers.send(stream, text));
    }

    /** {@code wsstream:broadcast <path> <json>}: sends a JSON value to every stream on a path. */
    public void broadcast(String path, String json) {
        print(answers.broadcast(path, json));
    }

    /**
     * {@code wsstream:tail <path>}: prints the messages received and sent on a path as they pass, until Ctrl-C
     * (the command's thread interrupted), then how many the tap dropped.
     */
    public void tail(String path) {
        // System.out read here, on the command's thread: ThreadIO routes it to the session.
        TrafficTail.run(streams, path, 0, System.out);
    }

    /** {@code wsstream:tail <path> <count>}: as {@code tail <path>}, stopping after that many messages. */
    public void tail(String path, long count) {
        TrafficTail.run(streams, path, count, System.out);
    }

    private static void print(String answer) {
        // read System.out at each call: ThreadIO sets it to the running session's output
        PrintStream out = System.out;
        out.print(answer);
        out.flush();
    }
}
