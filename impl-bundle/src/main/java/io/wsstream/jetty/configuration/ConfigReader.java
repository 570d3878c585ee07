package io.wsstream.jetty.configuration;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the properties of one configuration, each with the default its Metatype annotation declares, and
 * collects every refused value, so that one line can name them all and the configuration is refused as a
 * whole.
 */
final class ConfigReader {
    private final Map<String, ?> properties;
    private final Map<String, Object> defaults;
    private final List<String> refused = new ArrayList<>();

    /**
     * @param properties the configuration, as SCR gives it (other keys such as {@code service.pid} are ignored)
     * @param defaults property name to default value, see {@link #defaultsOf}
     */
    ConfigReader(Map<String, ?> properties, Map<String, Object> defaults) {
        this.properties = properties;
        this.defaults = defaults;
    }

    /**
     * @return the property's value, or its default when the configuration has none; the default too when
     *     the value is refused (the refusal is kept for {@link #throwIfRefused()})
     */
    <T> T read(ConfigProperty<T> property) {
        Object fallback = defaults.get(property.name);
        if (fallback == null) {
            throw new IllegalStateException("the Metatype annotation declares no property " + property.name);
        }
        Object value = properties.get(property.name);
        if (value != null) {
            try {
                return property.convert(value);
            } catch (IllegalArgumentException notAccepted) {
                refused.add(notAccepted.getMessage());
            }
        }
        return property.convert(fallback);
    }

    /** @throws IllegalArgumentException naming every refused value, when there is one */
    void throwIfRefused() {
        if (!refused.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", refused));
        }
    }

    /** @return property name to default value of a Metatype (component property type) annotation */
    static Map<String, Object> defaultsOf(Class<?> annotation) {
        Map<String, Object> defaults = new HashMap<>();
        for (Method method : annotation.getDeclaredMethods()) {
            if (method.getDefaultValue() != null) {
                defaults.put(propertyName(method.getName()), method.getDefaultValue());
            }
        }
        return Map.copyOf(defaults);
    }

    /**
     * @return the property a method of a component property type stands for (Declarative Services 1.4,
     *     112.8.2.2): {@code $$} is {@code $}, {@code $_$} is {@code -}, a single {@code $} is dropped,
     *     {@code __} is {@code _}, a single {@code _} is {@code .}
     */
    static String propertyName(String method) {
        StringBuilder name = new StringBuilder(method.length());
        for (int i = 0; i < method.length(); i++) {
            char c = method.charAt(i);
            if (c == '$') {
                if (method.startsWith("$$", i)) {
                    name.append('$');
                    i++;
                } else if (method.startsWith("$_$", i)) {
                    name.append('-');
                    i += 2;
                }
            } else if (c == '_') {
                if (method.startsWith("__", i)) {
                    name.append('_');
                    i++;
                } else {
                    name.append('.');
                }
            } else {
                name.append(c);
            }
        }
        return name.toString();
    }
}
