package io.wsstream.api.cluster;

/** No open stream in the cluster has the id a send or close was addressed to. */
public class UnknownStreamException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String streamId;

    public UnknownStreamException(String streamId) {
        super("no open stream in the cluster has the id " + streamId);
        this.streamId = streamId;
    }

    /** @return the id that was asked for */
    public String streamId() {
        return streamId;
    }
}
