package io.wsstream.jetty.handshake;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The defence against cross-site websocket hijacking: a browser sends the {@code Origin} of the page that
 * opens a websocket, and carries the user's cookies along whatever that page is. The check accepts
 * <ul>
 * <li>a handshake without {@code Origin}: not from a browser (a browser always sends it);</li>
 * <li>a page of the server's own origin: the scheme of the connection and the {@code Host} header the
 *     client sent, default ports made explicit;</li>
 * <li>a page of an origin on the allow-list, or any page when the list holds {@code *}.</li>
 * </ul>
 * Everything else, {@code Origin: null} (sandboxed frames, files) included, is refused.
 */
public final class OriginCheck {
    static final String ANY = "*";

    private final Set<String> allowed;
    private final boolean any;

    private OriginCheck(Set<String> allowed, boolean any) {
        this.allowed = allowed;
        this.any = any;
    }

    /**
     * @param allowedOrigins {@code scheme://host[:port]} entries, or {@code *}; an entry may hold several
     *     separated by commas or spaces (a Karaf {@code .cfg} file gives one string)
     * @throws IllegalArgumentException for an entry that is not an origin
     */
    public static OriginCheck of(List<String> allowedOrigins) {
        Set<String> normalized = new LinkedHashSet<>();
        boolean any = false;
        List<String> entries = new ArrayList<>();
        for (String value : allowedOrigins) {
            entries.addAll(List.of((value == null ? "" : value).split("[,\\s]+")));
        }
        for (String entry : entries) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (ANY.equals(trimmed)) {
                any = true;
                continue;
            }
            String origin = normalize(trimmed);
            if (origin == null) {
                throw new IllegalArgumentException("allowed.origins: '" + entry + "' is not an origin such as https://app.example.com:8443");
            }
            normalized.add(origin);
        }
        return new OriginCheck(Set.copyOf(normalized), any);
    }

    /**
     * @param origin the {@code Origin} header, {@code null} when absent
     * @param host the {@code Host} header
     * @param secure whether the connection is TLS
     * @return whether the handshake may go on
     */
    public boolean allows(String origin, String host, boolean secure) {
        if (origin == null || any) {
            return true;
        }
        String normalized = normalize(origin.trim());
        if (normalized == null) {
            return false;
        }
        return allowed.contains(normalized) || (host != null && normalized.equals(normalize((secure ? "https://" : "http://") + host.trim())));
    }

    /** @return the host names of the listed origins: a page there reaches this server by that name */
    public List<String> hosts() {
        List<String> hosts = new ArrayList<>();
        for (String origin : allowed) {
            hosts.add(URI.create(origin).getHost());
        }
        return hosts;
    }

    /** @return a description for log lines */
    String describe() {
        if (any) {
            return "every origin (allowed.origins=*)";
        }
        return allowed.isEmpty() ? "the server's own origin" : "the server's own origin and " + String.join(", ", allowed);
    }

    /** @return {@code scheme://host:port} in lower case with the port made explicit, or {@code null} for no origin */
    static String normalize(String origin) {
        try {
            URI uri = new URI(origin);
            String scheme = uri.getScheme();
            String host = uri.getHost();
            if (scheme == null || host == null || uri.getRawUserInfo() != null
                    || !(uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
                    || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                return null;
            }
            scheme = scheme.toLowerCase(Locale.ROOT);
            int port = uri.getPort() >= 0 ? uri.getPort() : defaultPort(scheme);
            if (port < 0) {
                return null;
            }
            return scheme + "://" + host.toLowerCase(Locale.ROOT) + ":" + port;
        } catch (URISyntaxException notAnOrigin) {
            return null;
        }
    }

    private static int defaultPort(String scheme) {
        switch (scheme) {
            case "http":
            case "ws":
                return 80;
            case "https":
            case "wss":
                return 443;
            default:
                return -1;
        }
    }
}
