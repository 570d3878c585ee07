package io.wsstream.itest.karaf.paxweb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Hashtable;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * A servlet served by Pax Web (Jetty 9.4) through the OSGi HTTP Whiteboard, next to wsstream (Jetty 12).
 *
 * <p>Only loaded once Pax Web is installed: the test bundle imports {@code javax.servlet} dynamically,
 * and a class that failed to load before would stay failed.
 */
public final class HelloServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    public static final String PATH = "/hello";
    public static final String BODY = "hello from Pax Web";

    /** Registers the servlet at {@value #PATH} on Pax Web's default context. */
    public static ServiceRegistration<?> register(BundleContext context) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("osgi.http.whiteboard.servlet.pattern", PATH);
        properties.put("osgi.http.whiteboard.servlet.name", "wsstream-itest-hello");
        return context.registerService(Servlet.class, new HelloServlet(), properties);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain;charset=utf-8");
        response.getOutputStream().write(BODY.getBytes(StandardCharsets.UTF_8));
    }
}
