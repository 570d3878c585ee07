package io.wsstream.monitor;

import java.util.Map;

/**
 * What a dashboard may ask of its stream: the one request it accepts, {@code {"tail": "/chat"}} to see the last
 * messages of a path, or {@code {"tail": null}} to stop. Nothing else: the stream is read-only.
 *
 * @param path the concrete request path to tail, or {@code null} to stop tailing
 */
record TailRequest(String path) {
    static final String KEY = "tail";
    static final int MAX_PATH_LENGTH = 256;

    /**
     * @param request a decoded JSON object
     * @return the request it makes
     * @throws IllegalArgumentException saying what is wrong with it
     */
    static TailRequest parse(Map<String, Object> request) {
        if (request.size() != 1 || !request.containsKey(KEY)) {
            throw new IllegalArgumentException("expected {\"tail\": \"/path\"} or {\"tail\": null}, got the keys " + request.keySet());
        }
        Object path = request.get(KEY);
        if (path == null) {
            return new TailRequest(null);
        }
        if (!(path instanceof String text)) {
            throw new IllegalArgumentException("tail must be a path or null, not " + path.getClass().getSimpleName());
        }
        if (!text.startsWith("/") || text.length() > MAX_PATH_LENGTH || text.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("tail must be an absolute path of at most " + MAX_PATH_LENGTH
                + " printable characters");
        }
        return new TailRequest(text);
    }
}
