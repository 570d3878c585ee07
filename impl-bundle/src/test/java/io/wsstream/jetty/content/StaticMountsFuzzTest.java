package io.wsstream.jetty.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import java.util.ArrayList;
import java.util.List;

import io.wsstream.jetty.fuzz.HostileInput;

import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * {@code Wsstream-Static} on any header value: declarations of absolute folders and prefixes, the rest
 * refused clause by clause, never an exception (the header is read in a bundle tracker, where an exception
 * would lose the bundle's every clause); and no request path leads out of a declared folder.
 */
class StaticMountsFuzzTest {

    @Test
    void anyHeaderGivesDeclarationsAndRefusedClauses() {
        qt().withExamples(500).forAll(headers()).checkAssert(header -> {
            List<String> refused = new ArrayList<>();

            List<StaticMounts.Declaration> declared = StaticMounts.parse(header, refused::add);

            for (StaticMounts.Declaration declaration : declared) {
                assertTrue(declaration.folder().startsWith("/") && declaration.folder().length() > 1, declaration.toString());
                assertFalse(declaration.folder().endsWith("/"), declaration.toString());
                assertTrue(declaration.prefix().isEmpty() || declaration.prefix().startsWith("/") && !declaration.prefix().endsWith("/"),
                        declaration.toString());
            }
        });
    }

    @Test
    void noRequestPathLeavesTheFolder() {
        qt().withExamples(500).forAll(headers(), requestPaths()).checkAssert((header, path) -> {
            for (StaticMounts.Declaration declaration : StaticMounts.parse(header, clause -> {})) {
                String entry = StaticMounts.entryFor(declaration, path);
                if (entry != null) {
                    assertTrue(entry.startsWith(declaration.folder() + "/"), entry);
                    // the folder is the bundle's own choice; what the request adds below it must stay below it
                    String below = entry.substring(declaration.folder().length());
                    assertFalse(below.contains("\\"), entry);
                    assertFalse((below + "/").contains("/../"), entry);
                }
            }
        });
    }

    @Test
    void aClauseOfSeparatorsOnlyIsRefused() {
        List<String> refused = new ArrayList<>();

        assertEquals(List.of(new StaticMounts.Declaration("/web", "")), StaticMounts.parse(";, /web", refused::add));
        assertEquals(List.of(";"), refused);
    }

    private static Gen<String> headers() {
        return Generate.oneOf(HostileInput.mangled("/web", "/docs;path=/manual", "/web, /docs;path=\"/manual/\"", "/;path=/", ";", ",;,"),
                HostileInput.strings()).describedAs(HostileInput::describe);
    }

    private static Gen<String> requestPaths() {
        return Generate.oneOf(
                HostileInput.mangled("/", "/index.html", "/manual/", "/manual/a.css", "/../etc/passwd", "/a/../../b", "//etc/passwd",
                        "/manual/..", "/..\\..\\x"),
                HostileInput.nullableStrings()).describedAs(HostileInput::describe);
    }
}
