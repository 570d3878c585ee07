package io.wsstream.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.streamBundle;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.Test;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.tinybundles.TinyBundles;
import org.osgi.framework.Constants;

/**
 * Files of a bundle's {@code Wsstream-Static} folders are served, and nothing else: request paths that try
 * to leave the folder ({@code ..}, its encodings, encoded slashes and backslashes, absolute and
 * {@code file:} targets) get a 4xx and never the content of a file outside it. Requests go over a raw socket,
 * so no client library normalises the path first.
 */
public class StaticContentIT extends WsstreamTestSupport {
    private static final String PAGE = "page-in-the-static-folder";
    private static final String MANUAL = "manual-in-the-docs-folder";
    private static final String OTHER = "note-of-a-bundle-with-an-odd-header";
    /** The content of every file of the bundle outside its static folders. */
    private static final String SECRET = "SECRET-OUTSIDE-THE-FOLDER";

    @Override
    protected Option[] additionalOptions() {
        return new Option[] {
            streamBundle(TinyBundles.bundle()
                    .setHeader(Constants.BUNDLE_SYMBOLICNAME, "io.wsstream.itest.static.page")
                    .setHeader(Constants.BUNDLE_MANIFESTVERSION, "2")
                    .setHeader("Wsstream-Static", "/web, /docs;path=/manual")
                    .addResource("web/index.html", text(PAGE))
                    .addResource("docs/guide.txt", text(MANUAL))
                    .addResource("secret.txt", text(SECRET))
                    .addResource("private/key.txt", text(SECRET))
                    .addResource("webx/sibling.txt", text(SECRET))
                    .addResource("web.txt", text(SECRET))
                    .build(TinyBundles.rawBuilder())),
            streamBundle(TinyBundles.bundle()
                    .setHeader(Constants.BUNDLE_SYMBOLICNAME, "io.wsstream.itest.static.odd.header")
                    .setHeader(Constants.BUNDLE_MANIFESTVERSION, "2")
                    .setHeader("Wsstream-Static", ";, /other;path=/other")
                    .addResource("other/note.txt", text(OTHER))
                    .build(TinyBundles.rawBuilder())),
        };
    }

    @Test
    public void aClauseOfSeparatorsOnlyIsLeftOutAndTheOtherClausesAreServed() throws IOException {
        String note = get("/other/note.txt");
        assertTrue(note, note.startsWith("HTTP/1.1 200") && note.contains(OTHER));
    }

    @Test
    public void theFoldersAreServed() throws IOException {
        String page = get("/");
        assertTrue(page, page.startsWith("HTTP/1.1 200") && page.contains(PAGE));
        String manual = get("/manual/guide.txt");
        assertTrue(manual, manual.startsWith("HTTP/1.1 200") && manual.contains(MANUAL));
    }

    @Test
    public void pathsThatTryToLeaveTheFolderGet4xxAndNoFileOutsideIt() throws IOException {
        List<String> targets = List.of(
                "/../secret.txt", "/a/../../secret.txt", "/manual/../secret.txt", "/manual/../../secret.txt", "/..",
                "/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/.%2e/secret.txt", "/%2e./secret.txt", "/manual/%2e%2e/secret.txt",
                "/..%2fsecret.txt", "/%2e%2e%2fsecret.txt", "/manual/..%2f..%2fsecret.txt", "/manual%2f..%2fsecret.txt",
                "/..\\secret.txt", "/manual/..\\..\\secret.txt", "/%5c..%5csecret.txt", "/..%5csecret.txt", "/manual/..%5c..%5csecret.txt",
                "/..;/secret.txt", "/manual/..;/secret.txt", "/%252e%252e/secret.txt",
                "//secret.txt", "///secret.txt", "//etc/passwd", "/etc/passwd", "/private/key.txt", "/web/index.html",
                "/../webx/sibling.txt", "/x/../../web.txt", "/index.html%00", "/%00/../secret.txt",
                "file:///etc/passwd", "file:/secret.txt", "http://127.0.0.1/../secret.txt", "/%2e%2e/%2e%2e/%2e%2e/etc/passwd");
        List<String> wrong = new ArrayList<>();
        for (String target : targets) {
            String answer = get(target);
            int status = Integer.parseInt(answer.substring(9, 12));
            System.out.println("static content: GET " + target + " -> " + answer.lines().findFirst().orElse(""));
            if (status < 400 || status > 499 || answer.contains(SECRET) || answer.contains("root:")) {
                wrong.add(target + " -> " + answer.lines().findFirst().orElse("") + (answer.contains(SECRET) ? " WITH THE SECRET" : ""));
            }
        }
        assertEquals("answered with something else than a 4xx, or with a file outside the folder: " + wrong, List.of(), wrong);
        assertFalse(get("/").contains(SECRET));
    }

    private String get(String target) throws IOException {
        URI http = httpUri("/");
        return RawWebsocket.requestAll(http, "GET " + target + " HTTP/1.1", "Host: " + http.getHost() + ":" + http.getPort(),
                "Connection: close");
    }

    private static ByteArrayInputStream text(String content) {
        return new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8));
    }
}
