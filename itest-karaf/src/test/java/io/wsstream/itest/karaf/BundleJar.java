package io.wsstream.itest.karaf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Writes a bundle: a manifest and class files taken as resources from a class loader. The classes are
 * named, not loaded, so a bundle can carry classes whose imports the caller cannot see yet.
 */
final class BundleJar {
    private BundleJar() {}

    static byte[] build(Map<String, String> headers, ClassLoader loader, String... classNames) {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        headers.forEach(main::putValue);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            for (String className : classNames) {
                String entry = className.replace('.', '/') + ".class";
                try (InputStream in = loader.getResourceAsStream(entry)) {
                    if (in == null) {
                        throw new IllegalStateException("class file " + entry + " not found");
                    }
                    jar.putNextEntry(new JarEntry(entry));
                    in.transferTo(jar);
                    jar.closeEntry();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
