package io.wsstream.api;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/**
 * A generic type for {@link Message#as(TypeReference)}, captured by an anonymous subclass as OSGi's converter
 * does it: {@code message.as(new TypeReference<List<Reading>>() {})}. The type argument makes the result
 * type-safe where a {@code java.lang.reflect.Type} could not.
 *
 * @param <T> the type to decode into
 */
public abstract class TypeReference<T> {
    private final Type type;

    /** @throws IllegalStateException when the subclass does not give the type argument */
    protected TypeReference() {
        Type superclass = getClass().getGenericSuperclass();
        if (!(superclass instanceof ParameterizedType)) {
            throw new IllegalStateException("create it as new TypeReference<List<Reading>>() {}, with a type argument");
        }
        this.type = ((ParameterizedType) superclass).getActualTypeArguments()[0];
    }

    /** @return the captured type, e.g. {@code List<Reading>} */
    public Type getType() {
        return type;
    }

    @Override
    public String toString() {
        return type.getTypeName();
    }
}
