package io.wsstream.itest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import io.wsstream.api.StreamHandler;
import io.wsstream.api.WebsocketConstants;

/**
 * Builds a handler bundle in memory, as a user's build would: one handler class, a Declarative
 * Services component that registers it with {@code wsstream.path}, a manifest importing
 * {@code io.wsstream.api} only. The class must be public, with a public no-argument constructor and
 * no inner classes.
 */
public final class HandlerJar {
    private HandlerJar() {}

    /** @return the bytes of the bundle jar */
    public static byte[] of(String symbolicName, String version, Class<? extends StreamHandler> handler, String path) {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", version);
        main.putValue("Import-Package", "io.wsstream.api");
        main.putValue("Service-Component", "OSGI-INF/handler.xml");
        String classFile = handler.getName().replace('.', '/') + ".class";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest);
                InputStream classBytes = handler.getClassLoader().getResourceAsStream(classFile)) {
            if (classBytes == null) {
                throw new IllegalArgumentException("no class file " + classFile);
            }
            jar.putNextEntry(new JarEntry(classFile));
            classBytes.transferTo(jar);
            jar.putNextEntry(new JarEntry("OSGI-INF/handler.xml"));
            jar.write(component(handler, path).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static String component(Class<?> handler, String path) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\" name=\"" + handler.getName() + "\">\n"
            + "  <implementation class=\"" + handler.getName() + "\"/>\n"
            + "  <service><provide interface=\"" + StreamHandler.class.getName() + "\"/></service>\n"
            + "  <property name=\"" + WebsocketConstants.PATH + "\" value=\"" + path + "\"/>\n"
            + "</scr:component>\n";
    }
}
