package io.wsstream.client.codec;

/** JSON decoding was asked of a binary message. */
public final class BinaryMessageDecodeException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    BinaryMessageDecodeException() {
        super("a binary message cannot be decoded as JSON");
    }
}
