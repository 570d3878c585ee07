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
 * The Java of README.md and of the pages it links (docs/*.md) compiles as written: each complete snippet is marked
 * with the source file it is a copy of ({@code <!-- snippet: path -->} on the line before it), and this module
 * compiles those sources; every other Java snippet says in its first line that it is a fragment
 * ({@code // fragment ...}).
 */
class ReadmeSnippetsTest {
    private static final Path ROOT = Path.of("../..");
    private static final Path README = ROOT.resolve("README.md");
    private static final Path DOCS = ROOT.resolve("docs");
    private static final Path SOURCES = Path.of("src/main/java");
    private static final Pattern SNIPPET = Pattern.compile("^<!-- snippet: (\\S+) -->$");
    private static final String FRAGMENT = "// fragment";

    /** A fenced Java block of a page: the page, where the block starts, the line before the fence, and its text. */
    private record Block(String page, int line, String before, String text) {
        String firstLine() {
            return text.lines().findFirst().orElse("");
        }

        String where() {
            return page + " line " + line;
        }
    }

    @Test
    void everyCompleteSnippetIsACopyOfItsCompiledSource() throws IOException {
        for (Block block : javaBlocks()) {
            Matcher snippet = SNIPPET.matcher(block.before());
            if (snippet.matches()) {
                Path source = ROOT.resolve(snippet.group(1));
                assertTrue(Files.isRegularFile(source), block.where() + ": no file " + snippet.group(1));
                assertEquals(Files.readString(source), block.text(), block.where() + " differs from " + snippet.group(1));
            }
        }
    }

    @Test
    void everyOtherJavaSnippetSaysItIsAFragment() throws IOException {
        List<String> unmarked = javaBlocks().stream()
                .filter(block -> !SNIPPET.matcher(block.before()).matches() && !block.firstLine().startsWith(FRAGMENT))
                .map(block -> block.where() + ": " + block.firstLine())
                .collect(Collectors.toList());
        assertEquals(List.of(), unmarked, "Java in README.md or docs/*.md that is neither a marked copy of a compiled source nor says '" + FRAGMENT + "'");
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
        List<Block> blocks = new ArrayList<>();
        for (Path page : pages()) {
            blocks.addAll(javaBlocks(page));
        }
        assertTrue(!blocks.isEmpty(), "Java snippets in " + README.toAbsolutePath());
        return blocks;
    }

    /** README.md and every docs/*.md page. */
    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(README));
        try (Stream<Path> files = Files.list(DOCS)) {
            files.filter(file -> file.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        assertTrue(pages.size() > 1, "pages in " + DOCS.toAbsolutePath());
        return pages;
    }

    private static List<Block> javaBlocks(Path page) throws IOException {
        String name = ROOT.relativize(page).toString().replace('\\', '/');
        List<String> lines = Files.readAllLines(page);
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("```")) {
                int start = i;
                StringBuilder text = new StringBuilder();
                for (i++; i < lines.size() && !lines.get(i).startsWith("```"); i++) {
                    text.append(lines.get(i)).append('\n');
                }
                if (lines.get(start).equals("```java")) {
                    blocks.add(new Block(name, start + 1, start == 0 ? "" : lines.get(start - 1), text.toString()));
                }
            }
        }
        return blocks;
    }
}
