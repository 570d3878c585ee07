package io.wsstream.api;

import java.nio.ByteBuffer;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One complete incoming websocket message. A message is immutable; JSON decoding happens on demand.
 */
@ProviderType
public interface Message {

    /** @return {@code true} for a text message, {@code false} for a binary one */
    boolean isText();

    /**
     * @return the text of a text message
     * @throws IllegalStateException on a binary message
     */
    String text();

    /** @return the payload as a read-only buffer (UTF-8 for a text message); it stays valid after the call */
    ByteBuffer bytes();

    /**
     * Decodes the text as JSON into the given class. Integral JSON numbers in untyped positions
     * ({@code Object}, {@code Map<String, Object>}) become {@code Long}, others {@code Double}; records
     * are supported.
     *
     * @throws MessageFormatException if the text is not valid JSON for the type; escaping a handler,
     *     it closes the stream with 1007
     * @throws IllegalStateException on a binary message; escaping a handler, it closes the stream with 1003
     */
    <T> T as(Class<T> type);

    /**
     * Decodes the text as JSON into a generic type, e.g. {@code as(new TypeReference<List<Reading>>() {})},
     * as {@link #as(Class)} does.
     *
     * @throws MessageFormatException if the text is not valid JSON for the type
     * @throws IllegalStateException on a binary message
     */
    <T> T as(TypeReference<T> type);

    /**
     * @return the message decoded as a JSON object, as jumpstarter's handlers receive it (a dict)
     * @throws MessageFormatException if the text is not a JSON object
     */
    Map<String, Object> asMap();
}
