package io.wsstream.example.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * README.md's Java compiles as written: each complete snippet is marked with the source file it is a copy of
 * ({@code <!-- snippet: path -->} on the line before it), and this module compiles those sources; every other
 * Java snippet says in its first line that it is a fragment ({@code // fragment ...}).
 */
class ReadmeSnippetsTest {
    private static final Path ROOT = Path.of("../..");
    private static final Path README = ROOT.resolve("README.md");
    private static final Path SOURCES = Path.of("src/main/java");
    private static final Pattern SNIPPET = Pattern.compile("^<!-- snippet: (\\S+) -->$");
    private static final String FRAGMENT = "// fragment";

    /** A fenced Java block of the README: where it starts, the line before the fence, and its text. */
    private record Block(int line, String before, String text) {
        String firstLine() {
            return text.lines().findFirst().orElse("");
        }
    }

    @Test
    void everyCompleteSnippetIsACopyOfItsCompiledSource() throws IOException {
        for (Block block : javaBlocks()) {
            Matcher snippet = SNIPPET.matcher(block.before());
            if (snippet.matches()) {
                Path source = ROOT.resolve(snippet.group(1));
                assertTrue(Files.isRegularFile(source), "README.md line " + block.line() + ": no file " + snippet.group(1));
                assertEquals(Files.readString(source), block.text(), "README.md line " + block.line() + " differs from " + snippet.group(1));
            }
        }
    }

    @Test
    void everyOtherJavaSnippetSaysItIsAFragment() throws IOException {
        List<String> unmarked = javaBlocks().stream()
                .filter(block -> !SNIPPET.matcher(block.before()).matches() && !block.firstLine().startsWith(FRAGMENT))
                .map(block -> "line " + block.line() + ": " + block.firstLine())
                .collect(Collectors.toList());
        assertEquals(List.of(), unmarked, "Java in README.md that is neither a marked copy of a compiled source nor says '" + FRAGMENT + "'");
    }

    @Test
    void everySourceOfThisModuleIsShownInTheReadme() throws IOException {
        Set<String> shown = javaBlocks().stream().map(block -> SNIPPET.matcher(block.before()))
                .filter(Matcher::matches).map(snippet -> snippet.group(1)).collect(Collectors.toCollection(TreeSet::new));
        Set<String> sources;
        try (Stream<Path> files = Files.walk(SOURCES)) {
            sources = files.filter(file -> file.toString().endsWith(".java"))
                    .map(file -> "examples/readme/" + file.toString().replace('\\', '/'))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertTrue(!sources.isEmpty(), "sources in " + SOURCES.toAbsolutePath());
        assertEquals(sources, shown);
    }

    private static List<Block> javaBlocks() throws IOException {
        List<String> lines = Files.readAllLines(README);
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("```")) {
                int start = i;
                StringBuilder text = new StringBuilder();
                for (i++; i < lines.size() && !lines.get(i).startsWith("```"); i++) {
                    text.append(lines.get(i)).append('\n');
                }
                if (lines.get(start).equals("```java")) {
                    blocks.add(new Block(start + 1, start == 0 ? "" : lines.get(start - 1), text.toString()));
                }
            }
        }
        assertTrue(!blocks.isEmpty(), "Java snippets in " + README.toAbsolutePath());
        return blocks;
    }
}
