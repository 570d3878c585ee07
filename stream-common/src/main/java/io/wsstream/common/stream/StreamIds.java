package io.wsstream.common.stream;

import java.security.SecureRandom;
import java.util.Base64;

/** 128-bit random, URL-safe stream ids: unguessable, so an id is safe to show to a client. */
public final class StreamIds {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private StreamIds() {}

    public static String next() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return ENCODER.encodeToString(bytes);
    }
}
