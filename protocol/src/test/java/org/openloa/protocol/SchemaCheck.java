package org.openloa.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Checks a JSON document against one of the published schemas: the subset of JSON Schema 2020-12 the
 * schemas use, and stricter on names than the schemas (which let receivers ignore unknown fields): a
 * field the schema does not declare is an error, so a record and its schema cannot drift apart.
 * A keyword this checker does not know is an error too, so nothing in a schema goes unchecked.
 */
final class SchemaCheck {

    private static final Set<String> KEYWORDS = Set.of(
            "$schema",
            "$id",
            "title",
            "description",
            "type",
            "required",
            "properties",
            "additionalProperties",
            "items",
            "$ref",
            "$defs",
            "enum",
            "minimum",
            "maximum",
            "minLength",
            "maxItems",
            "pattern",
            "format");

    private final JsonNode root;
    private final List<String> errors = new ArrayList<>();

    private SchemaCheck(JsonNode root) {
        this.root = root;
    }

    static JsonNode schema(ObjectMapper mapper, String name) {
        String resource = "/openloa/edge/v1/" + name + ".schema.json";
        try (InputStream in = SchemaCheck.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no schema " + resource);
            }
            return mapper.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every violation, as "path: what"; empty when the document conforms. */
    static List<String> errors(JsonNode document, JsonNode schema) {
        SchemaCheck check = new SchemaCheck(schema);
        check.check(document, schema, "$");
        return check.errors;
    }

    /** The schema a local {@code $ref} such as {@code #/$defs/item} points to. */
    static JsonNode resolve(JsonNode root, JsonNode schema) {
        JsonNode ref = schema.get("$ref");
        if (ref == null) {
            return schema;
        }
        String pointer = ref.asString();
        if (!pointer.startsWith("#/")) {
            throw new IllegalArgumentException("only local references are supported: " + pointer);
        }
        return resolve(root, root.at(pointer.substring(1)));
    }

    private void check(JsonNode value, JsonNode schema, String path) {
        for (String keyword : schema.propertyNames()) {
            if (!KEYWORDS.contains(keyword)) {
                errors.add(path + ": schema uses keyword " + keyword + ", which this check does not know");
            }
        }
        schema = resolve(root, schema);
        if (schema.isMissingNode()) {
            errors.add(path + ": dangling $ref");
            return;
        }
        if (schema.has("type") && !typeMatches(value, schema.get("type"))) {
            errors.add(path + ": expected " + schema.get("type") + " but was " + value.getNodeType());
            return;
        }
        if (schema.has("enum")) {
            boolean listed = false;
            for (JsonNode allowed : schema.get("enum")) {
                listed |= allowed.equals(value);
            }
            if (!listed) {
                errors.add(path + ": " + value + " is not one of " + schema.get("enum"));
            }
        }
        if (value.isString()) {
            checkString(value.asString(), schema, path);
        }
        if (value.isNumber()) {
            if (schema.has("minimum") && value.asLong() < schema.get("minimum").asLong()) {
                errors.add(path + ": below minimum " + schema.get("minimum"));
            }
            if (schema.has("maximum") && value.asLong() > schema.get("maximum").asLong()) {
                errors.add(path + ": above maximum " + schema.get("maximum"));
            }
        }
        if (value.isArray()) {
            if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
                errors.add(path + ": more than " + schema.get("maxItems") + " items");
            }
            for (int i = 0; i < value.size(); i++) {
                if (schema.has("items")) {
                    check(value.get(i), schema.get("items"), path + "[" + i + "]");
                }
            }
        }
        if (value.isObject()) {
            checkObject(value, schema, path);
        }
    }

    private void checkObject(JsonNode value, JsonNode schema, String path) {
        for (JsonNode required : schema.path("required")) {
            if (!value.has(required.asString())) {
                errors.add(path + ": missing required " + required.asString());
            }
        }
        JsonNode properties = schema.path("properties");
        JsonNode additional = schema.get("additionalProperties");
        for (Map.Entry<String, JsonNode> field : value.properties()) {
            String fieldPath = path + "." + field.getKey();
            if (properties.has(field.getKey())) {
                check(field.getValue(), properties.get(field.getKey()), fieldPath);
            } else if (additional != null && additional.isObject()) {
                check(field.getValue(), additional, fieldPath);
            } else {
                errors.add(fieldPath + ": not declared in the schema");
            }
        }
    }

    private void checkString(String text, JsonNode schema, String path) {
        if (schema.has("minLength") && text.length() < schema.get("minLength").asInt()) {
            errors.add(path + ": shorter than " + schema.get("minLength"));
        }
        if (schema.has("pattern")
                && !Pattern.compile(schema.get("pattern").asString())
                        .matcher(text)
                        .find()) {
            errors.add(path + ": does not match " + schema.get("pattern"));
        }
        if ("date-time".equals(schema.path("format").asString(null))) {
            try {
                OffsetDateTime.parse(text);
            } catch (DateTimeParseException e) {
                errors.add(path + ": not an ISO-8601 date-time with offset: " + text);
            }
        }
    }

    private static boolean typeMatches(JsonNode value, JsonNode type) {
        if (type.isArray()) {
            for (JsonNode one : type) {
                if (typeMatches(value, one)) {
                    return true;
                }
            }
            return false;
        }
        return switch (type.asString()) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isString();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            default -> throw new IllegalArgumentException("unknown type " + type);
        };
    }
}
