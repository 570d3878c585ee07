package io.wsstream.jakarta;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerEndpoint;

/**
 * What an endpoint service is: its class, whether annotated, and the path it is served on. The path property
 * of the OSGi Jakarta WebSocket Whiteboard draft overrides the annotation's.
 *
 * @param endpointClass the class of the service object
 * @param path where it is served, possibly a template such as {@code /rooms/{id}}
 * @param annotationPath the {@code @ServerEndpoint} value, {@code null} for an {@link Endpoint} subclass
 */
record EndpointDefinition(Class<?> endpointClass, String path, String annotationPath) {
    /** Marks a service as a Jakarta WebSocket endpoint (OSGi draft, osgi/osgi PR 744). */
    static final String IMPLEMENTOR = "osgi.jakarta.websocket.endpoint.implementor";
    static final String PATH = "osgi.jakarta.websocket.endpoint.path";
    /** Pax Web's marker, accepted so that Pax Web endpoint bundles run unchanged. */
    static final String PAX_WEB = "org.ops4j.pax.web.http.whiteboard.websocket";
    static final String FILTER = "(|(" + IMPLEMENTOR + "=true)(" + PAX_WEB + "=true))";

    private static final Pattern VARIABLE = Pattern.compile("\\{([^{}/]+)\\}");

    /**
     * @param endpoint the service object
     * @param properties its service properties
     * @throws IllegalArgumentException with the reason it cannot be served
     */
    static EndpointDefinition of(Object endpoint, Map<String, Object> properties) {
        Class<?> type = endpoint.getClass();
        ServerEndpoint annotation = type.getAnnotation(ServerEndpoint.class);
        Object pathProperty = properties.get(PATH);
        if (pathProperty != null && !(pathProperty instanceof String)) {
            throw new IllegalArgumentException(PATH + " must be a String, not " + pathProperty.getClass().getSimpleName());
        }
        if (annotation == null && !(endpoint instanceof Endpoint)) {
            throw new IllegalArgumentException(type.getName() + " is neither annotated with @ServerEndpoint nor a jakarta.websocket.Endpoint");
        }
        if (annotation == null && pathProperty == null) {
            throw new IllegalArgumentException("the Endpoint " + type.getName() + " needs the " + PATH + " property");
        }
        String path = pathProperty != null ? (String) pathProperty : annotation.value();
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("the endpoint path must start with '/': " + path);
        }
        String annotationPath = annotation == null ? null : annotation.value();
        if (annotationPath != null && !variables(path).containsAll(variables(annotationPath))) {
            throw new IllegalArgumentException(PATH + " " + path + " lacks variables of the annotation's path " + annotationPath);
        }
        return new EndpointDefinition(type, path, annotationPath);
    }

    boolean isAnnotated() {
        return annotationPath != null;
    }

    /**
     * @param values the path parameters of a request on {@link #path()}
     * @return the request path as the annotation's template sees it ({@code @PathParam} binds from that template);
     *     {@code null} when a variable has no value
     */
    String annotationPathOf(Map<String, String> values) {
        Matcher variable = VARIABLE.matcher(annotationPath);
        StringBuilder path = new StringBuilder();
        while (variable.find()) {
            String value = values.get(variable.group(1));
            if (value == null) {
                return null;
            }
            variable.appendReplacement(path, Matcher.quoteReplacement(value));
        }
        variable.appendTail(path);
        return path.toString();
    }

    private static Set<String> variables(String template) {
        Set<String> names = new LinkedHashSet<>();
        Matcher variable = VARIABLE.matcher(template);
        while (variable.find()) {
            names.add(variable.group(1));
        }
        return names;
    }
}
