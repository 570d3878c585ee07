package io.wsstream.jetty.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import io.wsstream.jetty.fuzz.HostileInput;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@code Wsstream-Static} on any header value: declarations of absolute folders and prefixes, the rest
 * refused clause by clause, never an exception (the header is read in a bundle tracker, where an exception
 * would lose the bundle's every clause); and no request path leads out of a declared folder.
 */
class StaticMountsFuzzTest {

    @Property(tries = 500)
    void anyHeaderGivesDeclarationsAndRefusedClauses(@ForAll("headers") String header) {
        List<String> refused = new ArrayList<>();

        List<StaticMounts.Declaration> declared = StaticMounts.parse(header, refused::add);

        for (StaticMounts.Declaration declaration : declared) {
            assertTrue(declaration.folder().startsWith("/") && declaration.folder().length() > 1, declaration.toString());
            assertFalse(declaration.folder().endsWith("/"), declaration.toString());
            assertTrue(declaration.prefix().isEmpty() || declaration.prefix().startsWith("/") && !declaration.prefix().endsWith("/"),
                    declaration.toString());
        }
    }

    @Property(tries = 500)
    void noRequestPathLeavesTheFolder(@ForAll("headers") String header, @ForAll("requestPaths") String path) {
        for (StaticMounts.Declaration declaration : StaticMounts.parse(header, clause -> {})) {
            String entry = StaticMounts.entryFor(declaration, path);
            if (entry != null) {
                assertTrue(entry.startsWith(declaration.folder() + "/"), entry);
                assertFalse(entry.contains("\\"), entry);
                String below = entry.substring(declaration.folder().length());
                assertFalse((below + "/").contains("/../"), entry);
            }
        }
    }

    @Example
    void aClauseOfSeparatorsOnlyIsRefused() {
        List<String> refused = new ArrayList<>();

        assertEquals(List.of(new StaticMounts.Declaration("/web", "")), StaticMounts.parse(";, /web", refused::add));
        assertEquals(List.of(";"), refused);
    }

    @Provide
    Arbitrary<String> headers() {
        return Arbitraries.oneOf(HostileInput.mangled("/web", "/docs;path=/manual", "/web, /docs;path=\"/manual/\"", "/;path=/", ";", ",;,"),
                HostileInput.strings());
    }

    @Provide
    Arbitrary<String> requestPaths() {
        return Arbitraries.oneOf(
                HostileInput.mangled("/", "/index.html", "/manual/", "/manual/a.css", "/../etc/passwd", "/a/../../b", "//etc/passwd",
                        "/manual/..", "/..\\..\\x"),
                HostileInput.nullableStrings());
    }
}
