package org.openloa.cms.edge;

import io.swagger.v3.oas.models.media.Schema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The edge protocol's records live in the protocol module, which knows nothing of OpenAPI; their JSON schemas
 * (openloa/edge/v1/*.schema.json, which other vendors' boxes are built against) say which fields are required
 * and what each means. The OpenAPI schemas springdoc makes from the records take both from there, so the two
 * descriptions of the protocol cannot drift apart.
 */
@Configuration
class EdgeApiDocumentation {

    private static final List<String> PROTOCOL_SCHEMAS =
            List.of("enroll-request", "enroll-response", "manifest", "heartbeat", "playlogs", "events");

    @Bean
    OpenApiCustomizer edgeProtocolSchemas() {
        JsonMapper json = JsonMapper.builder().build();
        return api -> {
            Map<String, Schema> components = api.getComponents().getSchemas();
            if (components == null) {
                return;
            }
            for (String name : PROTOCOL_SCHEMAS) {
                JsonNode schema = read(json, name);
                apply(schema, components.get(schema.path("title").asString()));
                schema.path("$defs")
                        .properties()
                        .forEach(def -> apply(def.getValue(), components.get(capitalised(def.getKey()))));
            }
        };
    }

    private static void apply(JsonNode jsonSchema, Schema<?> openApi) {
        if (openApi == null || openApi.getProperties() == null) {
            return;
        }
        if (jsonSchema.has("description")) {
            openApi.setDescription(jsonSchema.get("description").asString());
        }
        if (jsonSchema.has("required")) {
            openApi.setRequired(jsonSchema
                    .get("required")
                    .valueStream()
                    .map(JsonNode::asString)
                    .filter(openApi.getProperties()::containsKey)
                    .toList());
        }
        jsonSchema.path("properties").properties().forEach(property -> {
            Schema<?> field = openApi.getProperties().get(property.getKey());
            if (field != null && property.getValue().has("description")) {
                field.setDescription(property.getValue().get("description").asString());
            }
        });
    }

    private static JsonNode read(JsonMapper json, String name) {
        String resource = "/openloa/edge/v1/" + name + ".schema.json";
        try (InputStream in = EdgeApiDocumentation.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing " + resource + " (protocol module)");
            }
            return json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String capitalised(String name) {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
}
