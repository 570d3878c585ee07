package io.wsstream.common.codec;

/** JSON decoding was asked of a binary message; escaping a server handler it closes the stream with 1003. */
public final class BinaryMessageDecodeException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    BinaryMessageDecodeException() {
        super("a binary message cannot be decoded as JSON");
    }
}
