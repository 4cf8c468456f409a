package org.openloa.edge.support;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.type.TypeReference;

/**
 * The agent's JSON: Jackson's streaming parser and generator (jackson-core), bound to the protocol's records
 * by their components. Jackson's databind did the same at the cost of about 15 MiB of resident memory on the
 * box (docs/benchmarks.md, "Edge agent memory and CPU"); the records are plain (strings, numbers, booleans,
 * enums by name, ISO-8601 times, lists, string-keyed maps and records), so their components say all there is
 * to bind. It reads as databind was set up to: unknown fields are ignored, so a newer server can add fields
 * without breaking older boxes (API.md: "add fields freely"), missing ones are null (0 or false for a
 * primitive), offsets are kept as sent, and times are written as ISO-8601 text. A value that does not fit
 * its component, or that the record's constructor refuses, is an {@link IllegalArgumentException}; text that
 * is not JSON is Jackson's {@link tools.jackson.core.JacksonException}.
 */
public final class Json {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final Map<Class<?>, Constructor<?>> CONSTRUCTORS = new ConcurrentHashMap<>();

    private Json() {}

    /**
     * Reads JSON into a plain tree: a {@code Map<String, Object>} for an object (in the order sent), a
     * {@code List<Object>} for an array, a String, a Long or BigInteger, a BigDecimal, a Boolean, or null.
     */
    public static Object tree(byte[] json) {
        try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), json)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new IllegalArgumentException("no JSON value");
            }
            Object value = value(parser, first);
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("more than one JSON value");
            }
            return value;
        }
    }

    public static <T> T read(byte[] json, Class<T> type) {
        return type.cast(bind(tree(json), type, type.getSimpleName()));
    }

    @SuppressWarnings("unchecked")
    public static <T> T read(byte[] json, TypeReference<T> type) {
        return (T) bind(tree(json), type.getType(), "value");
    }

    /** Binds a part of a {@link #tree} to a record (or a String, a number, an enum...). */
    public static <T> T bind(Object tree, Class<T> type) {
        return type.cast(bind(tree, type, type.getSimpleName()));
    }

    public static byte[] write(Object value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator generator = FACTORY.createGenerator(ObjectWriteContext.empty(), bytes)) {
            write(generator, value);
        }
        return bytes.toByteArray();
    }

    private static Object value(JsonParser parser, JsonToken token) {
        switch (token) {
            case START_OBJECT: {
                Map<String, Object> object = new LinkedHashMap<>();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_OBJECT; next = parser.nextToken()) {
                    String name = parser.currentName();
                    object.put(name, value(parser, parser.nextToken()));
                }
                return object;
            }
            case START_ARRAY: {
                List<Object> array = new ArrayList<>();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                    array.add(value(parser, next));
                }
                return array;
            }
            case VALUE_STRING:
                return parser.getString();
            case VALUE_NUMBER_INT: {
                Number number = parser.getNumberValue();
                return number instanceof BigInteger ? number : Long.valueOf(number.longValue());
            }
            case VALUE_NUMBER_FLOAT:
                return parser.getDecimalValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IllegalArgumentException("unexpected JSON " + token);
        }
    }

    private static Object bind(Object value, Type type, String path) {
        if (type instanceof ParameterizedType parameterized) {
            return bindGeneric(value, parameterized, path);
        }
        if (!(type instanceof Class<?> target)) {
            throw new IllegalArgumentException(path + ": cannot bind to " + type);
        }
        if (value == null) {
            if (target == int.class || target == long.class) {
                return target == int.class ? (Object) 0 : (Object) 0L;
            }
            return target == boolean.class ? Boolean.FALSE : null;
        }
        if (target == String.class) {
            if (value instanceof Map || value instanceof List) {
                throw new IllegalArgumentException(path + ": expected text, got " + kind(value));
            }
            return value.toString();
        }
        if (target == int.class || target == Integer.class) {
            long number = integer(value, path);
            if (number < Integer.MIN_VALUE || number > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(path + ": " + number + " is out of range");
            }
            return (int) number;
        }
        if (target == long.class || target == Long.class) {
            return integer(value, path);
        }
        if (target == boolean.class || target == Boolean.class) {
            if (value instanceof Boolean) {
                return value;
            }
            if ("true".equals(value) || "false".equals(value)) {
                return Boolean.valueOf((String) value);
            }
            throw new IllegalArgumentException(path + ": expected true or false, got " + kind(value));
        }
        if (target == OffsetDateTime.class || target == Instant.class) {
            if (!(value instanceof String text)) {
                throw new IllegalArgumentException(path + ": expected an ISO-8601 time, got " + kind(value));
            }
            try {
                return target == Instant.class ? OffsetDateTime.parse(text).toInstant() : OffsetDateTime.parse(text);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(path + ": '" + text + "' is not an ISO-8601 time with an offset");
            }
        }
        if (target.isEnum()) {
            if (!(value instanceof String text)) {
                throw new IllegalArgumentException(path + ": expected a name, got " + kind(value));
            }
            for (Object constant : target.getEnumConstants()) {
                if (((Enum<?>) constant).name().equals(text)) {
                    return constant;
                }
            }
            throw new IllegalArgumentException(
                    path + ": '" + text + "' is not one of " + java.util.Arrays.toString(target.getEnumConstants()));
        }
        if (target.isRecord()) {
            return record(value, target, path);
        }
        if (target == Object.class) {
            return value;
        }
        throw new IllegalArgumentException(path + ": cannot bind to " + target.getSimpleName());
    }

    private static Object bindGeneric(Object value, ParameterizedType type, String path) {
        Class<?> raw = (Class<?>) type.getRawType();
        Type[] arguments = type.getActualTypeArguments();
        if (value == null) {
            return null;
        }
        if (List.class.isAssignableFrom(raw) || raw == Collection.class) {
            if (!(value instanceof List<?> list)) {
                throw new IllegalArgumentException(path + ": expected an array, got " + kind(value));
            }
            List<Object> bound = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                bound.add(bind(list.get(i), arguments[0], path + "[" + i + "]"));
            }
            return bound;
        }
        if (Map.class.isAssignableFrom(raw) && arguments[0] == String.class) {
            if (!(value instanceof Map<?, ?> map)) {
                throw new IllegalArgumentException(path + ": expected an object, got " + kind(value));
            }
            Map<String, Object> bound = new LinkedHashMap<>();
            map.forEach((key, entry) -> bound.put((String) key, bind(entry, arguments[1], path + "." + key)));
            return bound;
        }
        throw new IllegalArgumentException(path + ": cannot bind to " + type);
    }

    /** A record through its canonical constructor, so that its own checks run as for any other caller. */
    private static Object record(Object value, Class<?> type, String path) {
        if (!(value instanceof Map<?, ?> object)) {
            throw new IllegalArgumentException(path + ": expected an object, got " + kind(value));
        }
        RecordComponent[] components = type.getRecordComponents();
        Object[] arguments = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            String name = components[i].getName();
            arguments[i] = bind(object.get(name), components[i].getGenericType(), path + "." + name);
        }
        try {
            return constructor(type, components).newInstance(arguments);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IllegalArgumentException refused) {
                throw refused;
            }
            throw new IllegalArgumentException(path + ": " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + type.getName(), e);
        }
    }

    private static Constructor<?> constructor(Class<?> type, RecordComponent[] components) {
        return CONSTRUCTORS.computeIfAbsent(type, t -> {
            Class<?>[] parameters = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                parameters[i] = components[i].getType();
            }
            try {
                Constructor<?> canonical = t.getDeclaredConstructor(parameters);
                // The agent's own records (e.g. the playback snapshot) are package-private.
                canonical.setAccessible(true);
                return canonical;
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("a record always has a canonical constructor", e);
            }
        });
    }

    private static long integer(Object value, String path) {
        if (value instanceof Long number) {
            return number;
        }
        if (value instanceof BigDecimal decimal) {
            try {
                return decimal.longValueExact();
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException(path + ": expected a whole number, got " + decimal);
            }
        }
        if (value instanceof String text) {
            try {
                return Long.parseLong(text.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(path + ": expected a number, got '" + text + "'");
            }
        }
        throw new IllegalArgumentException(path + ": expected a number, got " + kind(value));
    }

    private static String kind(Object value) {
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof List) {
            return "an array";
        }
        return value instanceof String ? "text" : String.valueOf(value);
    }

    private static void write(JsonGenerator out, Object value) {
        if (value == null) {
            out.writeNull();
        } else if (value instanceof String text) {
            out.writeString(text);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            out.writeNumber(((Number) value).longValue());
        } else if (value instanceof BigDecimal decimal) {
            out.writeNumber(decimal);
        } else if (value instanceof BigInteger big) {
            out.writeNumber(big);
        } else if (value instanceof Double || value instanceof Float) {
            out.writeNumber(((Number) value).doubleValue());
        } else if (value instanceof Boolean bool) {
            out.writeBoolean(bool);
        } else if (value instanceof Enum<?> constant) {
            out.writeString(constant.name());
        } else if (value instanceof OffsetDateTime time) {
            out.writeString(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time));
        } else if (value instanceof Instant instant) {
            out.writeString(DateTimeFormatter.ISO_INSTANT.format(instant));
        } else if (value instanceof Map<?, ?> map) {
            out.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                out.writeName(String.valueOf(entry.getKey()));
                write(out, entry.getValue());
            }
            out.writeEndObject();
        } else if (value instanceof Collection<?> list) {
            out.writeStartArray();
            for (Object element : list) {
                write(out, element);
            }
            out.writeEndArray();
        } else if (value.getClass().isRecord()) {
            out.writeStartObject();
            for (RecordComponent component : value.getClass().getRecordComponents()) {
                out.writeName(component.getName());
                write(out, component(value, component));
            }
            out.writeEndObject();
        } else {
            throw new IllegalArgumentException(
                    "cannot write " + value.getClass().getName() + " as JSON");
        }
    }

    private static Object component(Object record, RecordComponent component) {
        try {
            java.lang.reflect.Method accessor = component.getAccessor();
            accessor.setAccessible(true);
            return accessor.invoke(record);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(component + " failed", e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read " + component, e);
        }
    }
}
