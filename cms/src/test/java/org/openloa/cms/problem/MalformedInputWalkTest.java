package org.openloa.cms.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openloa.cms.ServerTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Walks every operation of the OpenAPI document, as a national ADMIN, with malformed parameters and bodies
 * (wrong types, nulls, huge strings, NUL bytes, bad UUIDs, negative and huge numbers, arrays for objects,
 * empty bodies, a wrong content type) and fails on any 5xx, naming the operation and the input.
 */
class MalformedInputWalkTest extends ServerTest {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * Operations this walk must not drive, since all tests share one server: the administrator's own password,
     * and enrolment, whose failures from this address would throttle every other test's enrolments.
     */
    private static final Set<String> LEFT_ALONE = Set.of("/api/v1/users/me/password", "/edge/v1/enroll");

    private static final List<String> BAD_PARAMETERS =
            List.of("not-a-uuid", "-1", "99999999999999999999999", "", "%00", "x".repeat(5000), "2027-13-45T99:99:99Z");

    private static final List<String> BAD_BODIES = List.of(
            "", "null", "5", "\"text\"", "[]", "[null]", "{}", "[{}]", "{\"a\":", "\u0000", "{\"x\":\"\\u0000\"}");

    private static final List<JsonNode> BAD_VALUES = List.of(
            NODES.numberNode(-1),
            NODES.numberNode(Long.MAX_VALUE),
            NODES.numberNode(1e308),
            NODES.stringNode("not-a-uuid"),
            NODES.stringNode("\u0000\ud800"),
            NODES.stringNode("x".repeat(100_000)),
            NODES.arrayNode().add(NODES.nullNode()),
            NODES.objectNode().put("a", 1));

    /** A bearer token: checking a password hash (Basic) for each of thousands of requests would take minutes. */
    private String token;

    @Test
    void noMalformedInputToAnyOperationGetsA5xx() throws Exception {
        token = admin.post("/api/v1/tokens", java.util.Map.of("name", "malformed input walk"))
                .text("token");
        JsonNode docs = JSON.readTree(admin.get("/v3/api-docs").body());
        List<String> failures = new ArrayList<>();
        int requests = 0;
        for (Map.Entry<String, JsonNode> path : docs.get("paths").properties()) {
            if (LEFT_ALONE.contains(path.getKey())) {
                continue;
            }
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                String method = operation.getKey().toUpperCase();
                if (!Set.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                    continue;
                }
                JsonNode op = operation.getValue();
                String name = method + " " + path.getKey();
                List<JsonNode> parameters = new ArrayList<>();
                op.path("parameters").forEach(parameters::add);
                path.getValue().path("parameters").forEach(parameters::add);

                // Parameters: each path and query parameter malformed in turn, the others plausible.
                for (JsonNode bad : parameters) {
                    for (String value : BAD_PARAMETERS) {
                        String url = url(path.getKey(), parameters, bad, value);
                        requests++;
                        check(
                                failures,
                                name,
                                "parameter " + bad.path("name").asString() + "=" + shorten(value),
                                send(method, url, "application/json", "{}"));
                    }
                }

                // Bodies: the malformed ones, then each property of the schema with each bad value.
                JsonNode body = op.path("requestBody").path("content");
                if (body.isMissingNode() || body.isEmpty()) {
                    continue;
                }
                String url = url(path.getKey(), parameters, null, null);
                String contentType = body.propertyNames().iterator().next();
                if (contentType.startsWith("multipart/")) {
                    requests++;
                    check(
                            failures,
                            name,
                            "multipart without a boundary",
                            send(method, url, "multipart/form-data", "garbage"));
                    continue;
                }
                for (String raw : BAD_BODIES) {
                    requests++;
                    check(failures, name, "body " + shorten(raw), send(method, url, contentType, raw));
                }
                requests++;
                check(failures, name, "wrong content type", send(method, url, "application/x-unknown", "x"));
                JsonNode schema = resolve(docs, body.path(contentType).path("schema"));
                boolean array = schema.path("type").asString("").equals("array");
                JsonNode objectSchema = array ? resolve(docs, schema.path("items")) : schema;
                for (Map.Entry<String, JsonNode> property :
                        objectSchema.path("properties").properties()) {
                    for (JsonNode value : BAD_VALUES) {
                        ObjectNode object = NODES.objectNode();
                        object.set(property.getKey(), value);
                        String json = array
                                ? JSON.writeValueAsString(NODES.arrayNode().add(object))
                                : JSON.writeValueAsString(object);
                        requests++;
                        check(failures, name, "body " + shorten(json), send(method, url, "application/json", json));
                    }
                }
            }
        }
        assertThat(requests).isGreaterThan(500);
        // The walk reached the operations themselves, not only the doors of authentication.
        assertThat(statuses).as(statuses.toString()).containsKeys(400, 404, 422);
        assertThat(statuses.getOrDefault(401, 0)).as(statuses.toString()).isLessThan(requests / 4);
        assertThat(failures).as("operations answering 5xx to malformed input").isEmpty();
    }

    private static JsonNode resolve(JsonNode docs, JsonNode schema) {
        String ref = schema.path("$ref").asString("");
        if (ref.startsWith("#/components/schemas/")) {
            return docs.path("components").path("schemas").path(ref.substring("#/components/schemas/".length()));
        }
        return schema;
    }

    private String url(String template, List<JsonNode> parameters, JsonNode bad, String badValue) {
        String path = template;
        Map<String, String> query = new LinkedHashMap<>();
        for (JsonNode p : parameters) {
            String name = p.path("name").asString();
            String value = p == bad ? badValue : plausible(p);
            if (p.path("in").asString().equals("path")) {
                String encoded = value.equals("%00") ? value : URLEncoder.encode(value, StandardCharsets.UTF_8);
                path = path.replace("{" + name + "}", encoded.isEmpty() ? "%20" : encoded);
            } else if (p.path("in").asString().equals("query")
                    && (p == bad || p.path("required").asBoolean())) {
                query.put(name, value);
            }
        }
        StringBuilder url = new StringBuilder(baseUrl()).append(path);
        String separator = "?";
        for (Map.Entry<String, String> q : query.entrySet()) {
            String encoded =
                    q.getValue().equals("%00") ? "%00" : URLEncoder.encode(q.getValue(), StandardCharsets.UTF_8);
            url.append(separator).append(q.getKey()).append('=').append(encoded);
            separator = "&";
        }
        return url.toString();
    }

    private static String plausible(JsonNode parameter) {
        JsonNode schema = parameter.path("schema");
        String format = schema.path("format").asString("");
        String type = schema.path("type").asString("");
        if (format.equals("uuid") || parameter.path("in").asString().equals("path")) {
            return UUID.randomUUID().toString();
        }
        if (format.equals("date-time")) {
            return "2027-01-01T00:00:00Z";
        }
        if (format.equals("date")) {
            return "2027-01-01";
        }
        if (type.equals("integer") || type.equals("number")) {
            return "1";
        }
        if (type.equals("boolean")) {
            return "false";
        }
        return "x";
    }

    private Result send(String method, String url, String contentType, String body) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .header("Accept-Language", "en");
        if (method.equals("GET") || method.equals("DELETE")) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", contentType)
                    .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Result(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Result(-1, e.toString());
        }
    }

    private final Map<Integer, Integer> statuses = new java.util.TreeMap<>();

    private void check(List<String> failures, String operation, String input, Result result) {
        statuses.merge(result.status(), 1, Integer::sum);
        if (result.status() >= 500 || result.status() < 0) {
            failures.add(operation + " with " + input + " → " + result.status() + " " + shorten(result.body()));
        }
    }

    private static String shorten(String text) {
        String flat = text.replace("\u0000", "\\u0000");
        return flat.length() > 120 ? flat.substring(0, 120) + "…(" + flat.length() + " chars)" : flat;
    }

    private record Result(int status, String body) {}
}
