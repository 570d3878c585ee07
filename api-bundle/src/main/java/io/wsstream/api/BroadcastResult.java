package io.wsstream.api;

/** What a broadcast did: to how many streams it tried to send, how many sends were written, how many failed. */
public final class BroadcastResult {
    private final int attempted;
    private final int written;
    private final int failed;

    public BroadcastResult(int attempted, int written, int failed) {
        if (written + failed != attempted) {
            throw new IllegalArgumentException("written + failed must equal attempted");
        }
        this.attempted = attempted;
        this.written = written;
        this.failed = failed;
    }

    public int attempted() {
        return attempted;
    }

    public int written() {
        return written;
    }

    public int failed() {
        return failed;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof BroadcastResult)) {
            return false;
        }
        BroadcastResult that = (BroadcastResult) other;
        return attempted == that.attempted && written == that.written && failed == that.failed;
    }

    @Override
    public int hashCode() {
        return (attempted * 31 + written) * 31 + failed;
    }

    @Override
    public String toString() {
        return "BroadcastResult{attempted=" + attempted + ", written=" + written + ", failed=" + failed + "}";
    }
}
