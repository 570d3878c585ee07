package io.wsstream.bridge.shell;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.wsstream.bridge.runtime.BridgeRuntime;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The Gogo command {@code wsstream:bridges}: every bridge and forwarder configuration, what it serves and
 * where it goes, its open connections and the bytes carried each way, or why it is not running. Reads the
 * {@link BridgeRuntime} services, as any program may. The table is printed, not returned: Gogo writes a
 * command's output to the session that ran it, so Karaf's {@code bin/client} shows it too.
 */
@Component(service = Object.class, property = {
    "osgi.command.scope=wsstream",
    "osgi.command.function=bridges"})
public final class BridgeCommands {

    @Reference(service = Supplier.class, target = "(" + BridgeRuntime.KIND + "=*)",
            cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<Supplier<Map<String, Object>>> bridges;

    /** {@code wsstream:bridges}: prints the table. */
    public void bridges() {
        System.out.print(table());
    }

    String table() {
        TextTable table = new TextTable("CONFIGURATION", "SERVES", "TARGET", "OPEN", "BYTES TO TARGET", "BYTES FROM TARGET", "STATE");
        bridges.stream()
                .map(Supplier::get)
                .sorted(Comparator.comparing(b -> String.valueOf(b.get(BridgeRuntime.CONFIGURATION))))
                .forEach(b -> table.row(b.get(BridgeRuntime.CONFIGURATION), b.get(BridgeRuntime.SERVES), b.get(BridgeRuntime.TARGET),
                        b.get(BridgeRuntime.OPEN_CONNECTIONS), b.get(BridgeRuntime.BYTES_TO_TARGET), b.get(BridgeRuntime.BYTES_FROM_TARGET),
                        state(b)));
        if (table.size() == 0) {
            return "no bridge or forwarder is configured\n";
        }
        return table.toString() + table.size() + (table.size() == 1 ? " configuration" : " configurations") + "\n";
    }

    private static String state(Map<String, Object> bridge) {
        Object problem = bridge.get(BridgeRuntime.PROBLEM);
        return bridge.get(BridgeRuntime.STATE) + (problem == null ? "" : ": " + problem);
    }
}
