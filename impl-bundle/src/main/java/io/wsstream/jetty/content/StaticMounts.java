package io.wsstream.jetty.content;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * What {@link StaticContent} reads and decides without a bundle: the {@code Wsstream-Static} header, and the
 * bundle entry a request path asks for. Pure functions, so every input can be tried on them.
 */
final class StaticMounts {

    /** A folder of a bundle ({@code /web}) served under a prefix ({@code /manual}, {@code ""} for the root). */
    record Declaration(String folder, String prefix) {}

    private StaticMounts() {}

    /**
     * @param header the header's value, e.g. {@code /web, /docs;path=/manual}
     * @param refused told each clause that is left out (its folder or path is not absolute)
     * @return the clauses that declare a folder, in the header's order
     */
    static List<Declaration> parse(String header, Consumer<String> refused) {
        List<Declaration> declared = new ArrayList<>();
        for (String clause : header.split(",")) {
            String[] parts = clause.split(";");
            // a clause of separators only (";") splits into nothing
            String folder = parts.length == 0 ? null : trimSlashes(parts[0]);
            String prefix = "";
            for (int i = 1; i < parts.length; i++) {
                String[] attribute = parts[i].split("=", 2);
                if (attribute.length == 2 && attribute[0].strip().toLowerCase(Locale.ROOT).equals("path")) {
                    prefix = trimSlashes(attribute[1].strip().replace("\"", ""));
                }
            }
            if (folder == null || folder.isEmpty() || prefix == null) {
                refused.accept(clause.strip());
                continue;
            }
            declared.add(new Declaration(folder, prefix));
        }
        return declared;
    }

    /**
     * @param path the decoded request path
     * @return the entry of the declaration's folder that answers the path ({@code index.html} for a path
     *     ending in {@code /}), or {@code null} when the path is not below the prefix or could leave the
     *     folder ({@code ..} segments, backslashes, not absolute)
     */
    static String entryFor(Declaration mount, String path) {
        if (path == null || !path.startsWith("/") || path.contains("\\") || (path + "/").contains("/../")) {
            return null;
        }
        String rest;
        if (mount.prefix().isEmpty()) {
            rest = path;
        } else if (path.startsWith(mount.prefix() + "/")) {
            rest = path.substring(mount.prefix().length());
        } else {
            return null;
        }
        return mount.folder() + (rest.endsWith("/") ? rest + "index.html" : rest);
    }

    /** @return {@code /web} for {@code /web/}, {@code ""} for {@code /}, {@code null} when not absolute */
    private static String trimSlashes(String value) {
        String path = value.strip();
        if (!path.startsWith("/")) {
            return null;
        }
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path;
    }
}
