package io.wsstream.jetty.handshake;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The defence against DNS rebinding: a page on {@code http://attacker.example:8765} whose name the attacker
 * re-points at this machine sends {@code Host: attacker.example:8765} and an {@code Origin} of the same
 * name, so the origin check alone lets it in. Like Jupyter and Vite, the server therefore checks the
 * {@code Host} header itself, before anything else (websockets and static pages alike). Accepted, port
 * ignored:
 * <ul>
 * <li>{@code localhost}, {@code 127.0.0.1} and {@code [::1]}: a rebinding attacker cannot make a browser
 *     send them, since the browser resolves those names itself;</li>
 * <li>the entries of {@code allowed.hosts}, the host names of {@code allowed.origins}, and the literal
 *     address the server is bound to;</li>
 * <li>every host when {@code allowed.hosts} holds {@code *}, or when it is empty on a server bound to an
 *     address that is not loopback (a server on the network is reached by names this check cannot guess:
 *     the price is that it stays open to rebinding until the names are listed; {@link #acceptsEveryHostByDefault}
 *     tells the server to warn).</li>
 * </ul>
 * A missing or malformed {@code Host} is refused unless every host is accepted.
 */
public final class HostCheck {
    static final String ANY = "*";
    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "[0:0:0:0:0:0:0:1]");
    /** A host name or IPv4 address as an allow-list entry may give it (RFC 1123 labels; '_' as Docker names use). */
    private static final Pattern NAME = Pattern.compile("[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*\\.?");

    private final Set<String> allowed;
    private final boolean any;
    private final boolean everyHostByDefault;

    private HostCheck(Set<String> allowed, boolean any, boolean everyHostByDefault) {
        this.allowed = allowed;
        this.any = any;
        this.everyHostByDefault = everyHostByDefault;
    }

    /**
     * @param allowedHosts host names or addresses without port, or {@code *}; an entry may hold several
     *     separated by commas or spaces (a Karaf {@code .cfg} file gives one string)
     * @param boundHost the {@code host} the server listens on: whether it is loopback decides the default
     *     (a name is resolved, as binding resolves it)
     * @param originHosts the host names of {@code allowed.origins}
     * @throws IllegalArgumentException for an entry that is not a host name or address
     */
    public static HostCheck of(List<String> allowedHosts, String boundHost, Collection<String> originHosts) {
        return of(allowedHosts, boundHost, isLoopback(boundHost), originHosts);
    }

    /** As {@link #of(List, String, Collection)}, with the decision whether the bound host is loopback made by the caller. */
    public static HostCheck of(List<String> allowedHosts, String boundHost, boolean boundToLoopback, Collection<String> originHosts) {
        Set<String> names = new LinkedHashSet<>(LOOPBACK_NAMES);
        boolean any = false;
        boolean listed = false;
        for (String entry : entries(allowedHosts)) {
            if (ANY.equals(entry)) {
                any = true;
            } else {
                names.add(normalize(entry));
                listed = true;
            }
        }
        for (String originHost : originHosts) {
            String name = normalize(originHost);
            if (name != null) {
                names.add(name);
            }
        }
        String bound = normalize(boundHost);
        if (bound != null) {
            names.add(bound);
        }
        return new HostCheck(Set.copyOf(names), any, !any && !listed && !boundToLoopback);
    }

    /**
     * @param allowedHosts values of {@code allowed.hosts}; a value may hold several entries separated by commas
     *     or spaces (a Karaf {@code .cfg} file gives one string)
     * @return the entries, each {@code *} or a host name or address
     * @throws IllegalArgumentException for an entry that is neither
     */
    public static List<String> entries(List<String> allowedHosts) {
        List<String> entries = split(allowedHosts);
        for (String entry : entries) {
            if (!ANY.equals(entry) && normalize(entry) == null) {
                throw new IllegalArgumentException("allowed.hosts: '" + entry + "' is not a host name or address such as app.example.com, "
                        + "192.168.1.5 or [fe80::1] (no port: any port is accepted)");
            }
        }
        return entries;
    }

    /**
     * @param host the {@code Host} header, {@code null} when absent
     * @return whether the request may go on
     */
    public boolean allows(String host) {
        if (any || everyHostByDefault) {
            return true;
        }
        String name = hostName(host);
        return name != null && allowed.contains(name);
    }

    /** @return whether every host is accepted only because {@code allowed.hosts} is empty on a server that is not loopback */
    public boolean acceptsEveryHostByDefault() {
        return everyHostByDefault;
    }

    /** @return a description for log lines */
    String describe() {
        if (any) {
            return "every host (allowed.hosts=*)";
        }
        if (everyHostByDefault) {
            return "every host (allowed.hosts is empty and the server is not bound to loopback)";
        }
        return String.join(", ", new TreeSet<>(allowed));
    }

    /**
     * @param host a {@code Host} header: {@code name[:port]}, {@code address[:port]} or {@code [ipv6][:port]}
     * @return the host in the form the allow-list holds, or {@code null} when absent or malformed
     */
    static String hostName(String host) {
        if (host == null) {
            return null;
        }
        String value = host.trim();
        String name;
        String port;
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            if (close < 0) {
                return null;
            }
            name = value.substring(0, close + 1);
            port = value.substring(close + 1);
        } else {
            int colon = value.indexOf(':');
            name = colon < 0 ? value : value.substring(0, colon);
            port = colon < 0 ? "" : value.substring(colon);
        }
        if (!port.isEmpty() && !port.matches(":[0-9]{1,5}")) {
            return null;
        }
        return name.contains(":") && !name.startsWith("[") ? null : normalize(name);
    }

    /**
     * @return a lower-case name without a trailing dot, or an IPv6 address in brackets in its full form;
     *     {@code null} when the text is neither
     */
    static String normalize(String entry) {
        if (entry == null) {
            return null;
        }
        String value = entry.trim().toLowerCase(Locale.ROOT);
        if (value.startsWith("[") && value.endsWith("]")) {
            value = value.substring(1, value.length() - 1);
        }
        if (value.contains(":")) {
            return ipv6(value);
        }
        if (!NAME.matcher(value).matches()) {
            return null;
        }
        return value.endsWith(".") ? value.substring(0, value.length() - 1) : value;
    }

    /** @return {@code [full:form]} of an IPv6 literal, or {@code null} when it is not one (never a DNS lookup) */
    private static String ipv6(String literal) {
        if (!literal.matches("[0-9a-f:.]+")) {
            return null;
        }
        try {
            // In brackets, InetAddress parses a literal or fails: it never looks a name up.
            InetAddress address = InetAddress.getByName("[" + literal + "]");
            // an IPv4-mapped literal (::ffff:127.0.0.1) is parsed as the IPv4 address it stands for
            return address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
        } catch (UnknownHostException notAnAddress) {
            return null;
        }
    }

    /** @return whether the server's host is loopback; a name is resolved (as binding does), unknown counts as not loopback */
    private static boolean isLoopback(String host) {
        String value = host.trim();
        if (value.startsWith("[") && value.endsWith("]")) {
            value = value.substring(1, value.length() - 1);
        }
        try {
            InetAddress[] addresses = InetAddress.getAllByName(value);
            for (InetAddress address : addresses) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return addresses.length > 0;
        } catch (UnknownHostException | SecurityException unknown) {
            return false;
        }
    }

    private static List<String> split(List<String> values) {
        List<String> entries = new ArrayList<>();
        for (String value : values) {
            for (String entry : (value == null ? "" : value).split("[,\\s]+")) {
                if (!entry.isEmpty()) {
                    entries.add(entry);
                }
            }
        }
        return entries;
    }
}
