package io.wsstream.jetty.handshake;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.PreEncodedHttpField;

/**
 * The upgrade request's headers as a stream keeps them for {@code StreamInfo.headers()}, detached from the
 * HTTP connection that parsed them. Jetty's own fields are not: {@code HttpFields.asImmutable()} keeps the
 * request's compliance-listener supplier, a lambda holding the connection's channel state, and the parser's
 * fields are inner objects of the parser; either way an idle stream kept Jetty's whole HTTP/1.1 connection
 * (parser, generator, channel state, response fields: about 2 KB) alive after the upgrade had replaced it.
 *
 * <p>Stateless; any thread.
 */
final class HandshakeHeaders {
    private HandshakeHeaders() {}

    /** @return the same names and values, in the same order, referring to nothing of the connection */
    static HttpFields detach(HttpFields request) {
        HttpField[] fields = new HttpField[request.size()];
        int i = 0;
        for (HttpField field : request) {
            // Jetty's shared constant fields (e.g. "Upgrade: websocket" from the parser's cache) are kept as they are.
            boolean shared = field.getClass() == HttpField.class || field.getClass() == PreEncodedHttpField.class;
            fields[i++] = shared ? field : new HttpField(field.getHeader(), field.getName(), field.getValue());
        }
        return HttpFields.from(fields);
    }
}
