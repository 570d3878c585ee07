package io.wsstream.api.cluster;

/**
 * The node a stream is open on left the cluster or did not answer in time, so a send or close addressed to the
 * stream may not have happened.
 */
public class NodeGoneException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String node;

    public NodeGoneException(String node, String detail) {
        super("node " + node + " is gone: " + detail);
        this.node = node;
    }

    /** @return the name of the node */
    public String node() {
        return node;
    }
}
