package io.wsstream.bridge.config;

/**
 * A configuration property whose value cannot be used: names the property, the value as given and what
 * is accepted, so that one log line says all an operator needs. It answers bad input: it has no cause, and
 * its stack is of no interest.
 */
public final class InvalidProperty extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String property;

    /**
     * @param property the property's name, e.g. {@code chunk.bytes}
     * @param shownValue the value as the operator gave it ({@code null}: it is missing)
     * @param accepted what would have been accepted, e.g. {@code a whole number from 512 to 1048576}
     */
    public InvalidProperty(String property, String shownValue, String accepted) {
        super((shownValue == null ? property + " is missing" : property + "=" + shownValue) + ": accepted " + accepted);
        this.property = property;
    }

    /** @return the property's name */
    public String property() {
        return property;
    }
}
