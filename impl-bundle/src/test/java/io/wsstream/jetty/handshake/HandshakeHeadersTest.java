package io.wsstream.jetty.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.Test;

/** The headers a stream keeps are copies of the parser's fields, with Jetty's shared constant fields kept as they are. */
class HandshakeHeadersTest {

    /** Stands for the parser's fields: a subclass, an inner object of the connection's parser. */
    private static final class ParsedField extends HttpField {
        ParsedField(HttpHeader header, String value) {
            super(header, header.asString(), value);
        }
    }

    @Test
    void copiesWhatTheConnectionMadeAndKeepsSharedFields() {
        HttpField key = new ParsedField(HttpHeader.SEC_WEBSOCKET_KEY, "dGhlIHNhbXBsZSBub25jZQ==");
        HttpField upgrade = new HttpField(HttpHeader.UPGRADE, "websocket");
        HttpField custom = new ParsedField(HttpHeader.HOST, "example.com:8080");
        HttpFields request = HttpFields.build().add(key).add(upgrade).add(custom).add("X-Trace", "a").add("X-Trace", "b").asImmutable();

        HttpFields detached = HandshakeHeaders.detach(request);

        assertEquals(request.stream().map(f -> f.getName() + ": " + f.getValue()).toList(),
                detached.stream().map(f -> f.getName() + ": " + f.getValue()).toList());
        assertEquals(List.of("a", "b"), detached.getValuesList("x-trace"));
        assertEquals(HttpHeader.SEC_WEBSOCKET_KEY, detached.getField(0).getHeader());
        assertNotSame(key, detached.getField(0));
        assertEquals(HttpField.class, detached.getField(0).getClass());
        assertNotSame(custom, detached.getField(2));
        assertSame(upgrade, detached.getField(1));
    }
}
