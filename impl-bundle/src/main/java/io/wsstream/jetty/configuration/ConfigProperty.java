package io.wsstream.jetty.configuration;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * One configuration property: its name, the values it accepts (in words, for the line that refuses another
 * value) and how a value Configuration Admin holds becomes the Java value. Configuration Admin hands over what
 * was stored: text from a Karaf {@code .cfg} file, typed values from the web console or the API; both are
 * accepted when they mean an accepted value. We convert ourselves rather than let SCR do it: SCR turns a value
 * it cannot convert into a {@code ComponentException} with a stack trace, and turns any text other than
 * {@code true} into {@code false}.
 *
 * @param <T> the Java value
 */
final class ConfigProperty<T> {
    /** How a refused value is shown, at most: a configuration value is no place for a novel. */
    private static final int SHOWN_LENGTH = 200;

    final String name;
    final String accepted;
    private final Conversion<T> conversion;
    private final boolean secret;

    /** Turns a stored value into the Java value, or throws {@link IllegalArgumentException} when it is not accepted. */
    @FunctionalInterface
    interface Conversion<T> {
        T convert(Object value);
    }

    private ConfigProperty(String name, String accepted, Conversion<T> conversion, boolean secret) {
        this.name = name;
        this.accepted = accepted;
        this.conversion = conversion;
        this.secret = secret;
    }

    /** Any text: a string, or a single number or boolean taken as text. */
    static ConfigProperty<String> text(String name) {
        return new ConfigProperty<>(name, "a text", ConfigProperty::singleText, false);
    }

    /** Like {@link #text}, but the value is never shown in a log line. */
    static ConfigProperty<String> secret(String name) {
        return new ConfigProperty<>(name, "a text", ConfigProperty::singleText, true);
    }

    /** Text that is not empty and holds no white space (trimmed). */
    static ConfigProperty<String> word(String name, String accepted) {
        return new ConfigProperty<>(name, accepted, value -> {
            String text = singleText(value).trim();
            if (text.isEmpty() || text.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException();
            }
            return text;
        }, false);
    }

    /** One of the options, in any case (given back as the option is written); empty text means the first option. */
    static ConfigProperty<String> oneOf(String name, String... options) {
        return new ConfigProperty<>(name, String.join(" or ", options), value -> {
            String text = singleText(value).trim();
            if (text.isEmpty()) {
                return options[0];
            }
            for (String option : options) {
                if (option.equalsIgnoreCase(text)) {
                    return option;
                }
            }
            throw new IllegalArgumentException();
        }, false);
    }

    /** A whole number from {@code min} to {@code max}, both within {@code int}. */
    static ConfigProperty<Integer> integer(String name, int min, int max) {
        return new ConfigProperty<>(name, "a whole number " + range(min, max, Integer.MAX_VALUE),
                value -> Math.toIntExact(inRange(wholeNumber(value), min, max)), false);
    }

    /** A whole number from {@code min} to {@code max}. */
    static ConfigProperty<Long> longInteger(String name, long min, long max) {
        return new ConfigProperty<>(name, "a whole number " + range(min, max, Long.MAX_VALUE),
                value -> inRange(wholeNumber(value), min, max), false);
    }

    /** {@code true} or {@code false}, in any case. */
    static ConfigProperty<Boolean> bool(String name) {
        return new ConfigProperty<>(name, "true or false", value -> {
            if (value instanceof Boolean) {
                return (Boolean) value;
            }
            String text = singleText(value).trim().toLowerCase(Locale.ROOT);
            if (text.equals("true") || text.equals("false")) {
                return Boolean.valueOf(text);
            }
            throw new IllegalArgumentException();
        }, false);
    }

    /** Texts: a list or array of them, or a single one. */
    static ConfigProperty<List<String>> texts(String name) {
        return new ConfigProperty<>(name, "texts", ConfigProperty::textList, false);
    }

    /**
     * @param next checks and converts further, throwing {@link IllegalArgumentException} when it does not accept
     * @param accepted what the property accepts then, in words
     * @return this property with a further conversion
     */
    <R> ConfigProperty<R> then(Function<T, R> next, String accepted) {
        return new ConfigProperty<>(name, accepted, value -> next.apply(conversion.convert(value)), secret);
    }

    /**
     * @param value what Configuration Admin holds, never {@code null}
     * @return the Java value
     * @throws IllegalArgumentException naming the property, the value and what is accepted
     */
    T convert(Object value) {
        try {
            return conversion.convert(value);
        } catch (IllegalArgumentException | ArithmeticException notAccepted) {
            throw new IllegalArgumentException(name + "=" + shown(value) + " is not accepted (accepted: " + accepted + ")", notAccepted);
        }
    }

    /** @return the value as a log line may show it: text quoted, lists in brackets, one line, not too long */
    private String shown(Object value) {
        if (secret) {
            return "(hidden)";
        }
        String shown;
        if (value instanceof String) {
            shown = '"' + (String) value + '"';
        } else if (value.getClass().isArray() || value instanceof Collection) {
            List<String> elements = new ArrayList<>();
            elements(value).forEach(element -> elements.add(element instanceof String ? '"' + (String) element + '"' : String.valueOf(element)));
            shown = elements.toString();
        } else {
            shown = String.valueOf(value);
        }
        shown = shown.replace("\r", "\\r").replace("\n", "\\n");
        return shown.length() <= SHOWN_LENGTH ? shown : shown.substring(0, SHOWN_LENGTH) + "...";
    }

    private static String range(long min, long max, long typeMax) {
        return max == typeMax ? "of at least " + min : "from " + min + " to " + max;
    }

    private static long inRange(long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException();
        }
        return value;
    }

    /** @return the value of an integral number, of a decimal without fraction, or of text holding one */
    private static long wholeNumber(Object value) {
        Object single = single(value);
        if (single instanceof Integer || single instanceof Long || single instanceof Short || single instanceof Byte) {
            return ((Number) single).longValue();
        }
        if (single instanceof BigInteger) {
            return ((BigInteger) single).longValueExact();
        }
        if (single instanceof Float || single instanceof Double) {
            return new BigDecimal(((Number) single).doubleValue()).longValueExact();
        }
        if (single instanceof BigDecimal) {
            return ((BigDecimal) single).longValueExact();
        }
        if (single instanceof String) {
            return Long.parseLong(((String) single).trim());
        }
        throw new IllegalArgumentException();
    }

    /** @return the text of a single string, number, boolean or character */
    private static String singleText(Object value) {
        Object single = single(value);
        if (single instanceof String || single instanceof Number || single instanceof Boolean || single instanceof Character) {
            return single.toString();
        }
        throw new IllegalArgumentException();
    }

    private static List<String> textList(Object value) {
        List<String> texts = new ArrayList<>();
        for (Object element : elements(value)) {
            texts.add(singleText(element));
        }
        return texts;
    }

    /** @return the value itself, or the one element of a list or array of one */
    private static Object single(Object value) {
        if (value.getClass().isArray() || value instanceof Collection) {
            List<Object> elements = elements(value);
            if (elements.size() != 1) {
                throw new IllegalArgumentException();
            }
            return elements.get(0);
        }
        return value;
    }

    /** @return the elements of an array or collection, or the value alone; {@code null} elements left out */
    private static List<Object> elements(Object value) {
        List<Object> elements = new ArrayList<>();
        if (value instanceof Collection) {
            elements.addAll((Collection<?>) value);
        } else if (value.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(value); i++) {
                elements.add(Array.get(value, i));
            }
        } else {
            elements.add(value);
        }
        elements.removeIf(element -> element == null);
        return elements;
    }
}
