package io.wsstream.bridge.config;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.osgi.framework.Constants;

/**
 * Reads the properties of one configuration with the types and ranges its Metatype declares, before
 * anything uses them. Declarative Services would convert on its own: {@code "lots"} for a number fails the
 * component with a stack trace, and a number beyond the Metatype's range is taken as it is. Here a value of
 * the wrong type or out of range is an {@link InvalidProperty}.
 *
 * <p>Values arrive as Configuration Admin holds them: typed ({@code Integer}, {@code Long}, {@code Boolean},
 * {@code String[]}, ...) when set by a program or a typed {@code .config} file, and as text from a
 * {@code .cfg} file. Both are accepted; a number must be whole and a flag {@code true} or {@code false}.
 */
public final class ConfigurationValues {
    private final Map<String, ?> properties;

    public ConfigurationValues(Map<String, ?> properties) {
        this.properties = properties;
    }

    /** @return the configuration's PID, e.g. {@code io.wsstream.bridge.tcp~redis}, for log lines */
    public static String pid(Map<String, ?> properties) {
        Object pid = properties.get(Constants.SERVICE_PID);
        return pid == null ? String.valueOf(properties.get("component.name")) : pid.toString();
    }

    /** @return the text, trimmed; {@code defaultValue} when absent; an empty text only where {@code mayBeEmpty} */
    public String text(String key, String defaultValue, boolean mayBeEmpty) {
        Object value = properties.get(key);
        if (value == null) {
            return required(key, defaultValue, "a text");
        }
        if (!(value instanceof String)) {
            throw new InvalidProperty(key, show(value), "a text");
        }
        String text = ((String) value).trim();
        if (text.isEmpty() && !mayBeEmpty) {
            throw new InvalidProperty(key, "", "a text that is not empty");
        }
        return text;
    }

    /** As {@link #text}, but the value is never shown: it is a secret. */
    public String secret(String key) {
        Object value = properties.get(key);
        if (value == null) {
            return "";
        }
        if (!(value instanceof String)) {
            throw new InvalidProperty(key, "(hidden, a " + value.getClass().getSimpleName() + ")", "a text");
        }
        return (String) value;
    }

    /** @return a whole number from {@code min} to {@code max}; {@code defaultValue} when absent ({@code null}: required) */
    public int integer(String key, Integer defaultValue, String min, String max) {
        return (int) whole(key, defaultValue == null ? null : defaultValue.longValue(), min, max);
    }

    /** @return a whole number from {@code min} to {@code max}; {@code defaultValue} when absent ({@code null}: required) */
    public long whole(String key, Long defaultValue, String min, String max) {
        long low = Long.parseLong(min);
        long high = Long.parseLong(max);
        String accepted = "a whole number from " + low + " to " + high;
        Object value = properties.get(key);
        if (value == null) {
            return required(key, defaultValue, accepted);
        }
        BigInteger number;
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            number = BigInteger.valueOf(((Number) value).longValue());
        } else if (value instanceof BigInteger) {
            number = (BigInteger) value;
        } else if (value instanceof String) {
            try {
                number = new BigInteger(((String) value).trim());
            } catch (NumberFormatException notWhole) {
                throw new InvalidProperty(key, show(value), accepted);
            }
        } else {
            throw new InvalidProperty(key, show(value), accepted);
        }
        if (number.compareTo(BigInteger.valueOf(low)) < 0 || number.compareTo(BigInteger.valueOf(high)) > 0) {
            throw new InvalidProperty(key, show(value), accepted);
        }
        return number.longValue();
    }

    /** @return {@code true} or {@code false} (a Boolean, or that text in any case); {@code defaultValue} when absent */
    public boolean flag(String key, boolean defaultValue) {
        Object value = properties.get(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Boolean) {
            return (Boolean) value;
        }
        if (value instanceof String) {
            String text = ((String) value).trim();
            if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
                return Boolean.parseBoolean(text);
            }
        }
        throw new InvalidProperty(key, show(value), "true or false");
    }

    /**
     * @return the texts of a multi-valued property, trimmed, without empty ones: from a {@code String[]} or a
     *         collection of texts, or from one text with the values separated by commas (a {@code .cfg} file)
     */
    public List<String> texts(String key) {
        Object value = properties.get(key);
        List<Object> items = new ArrayList<>();
        if (value == null) {
            return List.of();
        } else if (value instanceof String) {
            items.addAll(Arrays.asList(((String) value).split(",")));
        } else if (value instanceof String[]) {
            items.addAll(Arrays.asList((Object[]) value));
        } else if (value instanceof Collection) {
            items.addAll((Collection<?>) value);
        } else {
            throw new InvalidProperty(key, show(value), "texts (a list, or one text with commas between the values)");
        }
        List<String> texts = new ArrayList<>();
        for (Object item : items) {
            if (!(item instanceof String)) {
                throw new InvalidProperty(key, show(value), "texts (a list, or one text with commas between the values)");
            }
            String text = ((String) item).trim();
            if (!text.isEmpty()) {
                texts.add(text);
            }
        }
        return List.copyOf(texts);
    }

    /** @return the value as an operator would recognise it in a log line */
    public static String show(Object value) {
        if (value instanceof Object[]) {
            return Arrays.toString((Object[]) value);
        }
        if (value != null && value.getClass().isArray()) {
            return "(an array of " + value.getClass().getComponentType().getSimpleName() + ")";
        }
        return String.valueOf(value);
    }

    private static <T> T required(String key, T defaultValue, String accepted) {
        if (defaultValue == null) {
            throw new InvalidProperty(key, null, accepted + " (required)");
        }
        return defaultValue;
    }
}
