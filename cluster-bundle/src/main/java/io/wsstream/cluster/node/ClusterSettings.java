package io.wsstream.cluster.node;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The checked values of a {@link ClusterConfiguration}: a bad value is refused with an
 * {@link IllegalArgumentException} whose message names the property.
 *
 * @param members host:port entries, one per member, in the configured order
 */
public record ClusterSettings(String clusterName, boolean client, List<String> members, String bindHost, int port,
        String nodeName, int heartbeatSeconds, int failureTimeoutSeconds) {

    /** How many failure-detection timeouts a join may take before it is given up (and tried again). */
    static final int JOIN_TIMEOUTS = 3;

    /** @return how long a member's join, or a client's first connection, may take before the node says it is alone */
    public int joinTimeoutSeconds() {
        return failureTimeoutSeconds * JOIN_TIMEOUTS;
    }

    public static ClusterSettings of(ClusterConfiguration config) {
        String clusterName = trimmed(config.cluster_name());
        if (clusterName.isEmpty()) {
            throw new IllegalArgumentException("cluster.name must not be empty");
        }
        String mode = trimmed(config.mode());
        if (!mode.equals("member") && !mode.equals("client")) {
            throw new IllegalArgumentException("mode must be member or client, not '" + mode + "'");
        }
        List<String> members = members(config.members());
        if (mode.equals("client") && members.isEmpty()) {
            throw new IllegalArgumentException("members must name at least one member of the cluster in client mode");
        }
        if (config.port() < 1 || config.port() > 65535) {
            throw new IllegalArgumentException("port must be between 1 and 65535, not " + config.port());
        }
        String bindHost = trimmed(config.bind_host());
        if (bindHost.isEmpty()) {
            throw new IllegalArgumentException("bind.host must not be empty");
        }
        if (config.heartbeat_interval_seconds() < 1) {
            throw new IllegalArgumentException("heartbeat.interval.seconds must be at least 1, not " + config.heartbeat_interval_seconds());
        }
        if (config.failure_detection_timeout_seconds() <= config.heartbeat_interval_seconds()) {
            throw new IllegalArgumentException("failure.detection.timeout.seconds must be more than heartbeat.interval.seconds ("
                    + config.heartbeat_interval_seconds() + "), not " + config.failure_detection_timeout_seconds());
        }
        String nodeName = trimmed(config.node_name());
        if (nodeName.isEmpty()) {
            nodeName = hostName() + "-" + config.port();
        }
        return new ClusterSettings(clusterName, mode.equals("client"), members, bindHost, config.port(), nodeName,
                config.heartbeat_interval_seconds(), config.failure_detection_timeout_seconds());
    }

    /** Entries may each hold several members separated by commas or blanks, as a .cfg file gives one string. */
    static List<String> members(String[] values) {
        List<String> members = new ArrayList<>();
        for (String value : values == null ? new String[0] : values) {
            for (String member : value.split("[,\\s]+")) {
                if (member.isEmpty()) {
                    continue;
                }
                int colon = member.lastIndexOf(':');
                if (colon <= 0 || colon == member.length() - 1 || !member.substring(colon + 1).chars().allMatch(Character::isDigit)) {
                    throw new IllegalArgumentException("members: '" + member + "' is not host:port");
                }
                int port = Integer.parseInt(member.substring(colon + 1));
                if (port < 1 || port > 65535) {
                    throw new IllegalArgumentException("members: the port of '" + member + "' is not between 1 and 65535");
                }
                members.add(member);
            }
        }
        return List.copyOf(members);
    }

    private static String trimmed(String value) {
        return value == null ? "" : value.trim();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException unknown) {
            return "localhost";
        }
    }
}
