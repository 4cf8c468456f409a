package org.openloa.cms.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.openloa.cms.ServerTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI document is the public contract other programs build against, so a change to it must be a
 * visible change in review: the served document is compared with the checked-in copy.
 */
class OpenApiDocumentTest extends ServerTest {

    static final String UPDATE_PROPERTY = "openloa.openapi.update";
    static final String UPDATE_COMMAND = "./mvnw -B -o -q -pl cms -am test -Dtest=OpenApiDocumentTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false -D" + UPDATE_PROPERTY + "=true";

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    @Test
    void theServedDocumentIsTheCheckedInCopy() throws IOException {
        String served = canonical(document());
        Path copy = checkedInCopy();
        if (Boolean.getBoolean(UPDATE_PROPERTY)) {
            Files.writeString(copy, served, StandardCharsets.UTF_8);
            return;
        }
        if (!Files.exists(copy)) {
            fail("No checked-in copy of the OpenAPI document at " + copy + ". Create it with:\n  " + UPDATE_COMMAND);
        }
        String expected = Files.readString(copy, StandardCharsets.UTF_8);
        if (!expected.equals(served)) {
            fail("The OpenAPI document differs from the checked-in copy " + copy
                    + " (- checked in, + served). If the change to the public API is meant, review it and"
                    + " update the copy with:\n  " + UPDATE_COMMAND + "\n\n" + LineDiff.of(expected, served));
        }
    }

    @Test
    void theDocumentNamesNoServerWithAPort() {
        JsonNode servers = document().get("servers");
        assertThat(servers.valueStream().map(s -> s.get("url").asString())).containsExactly("/");
    }

    @Test
    void noAnswerIsDocumentedAsAnyMediaType() {
        assertThat(document().toString()).doesNotContain("*/*");
    }

    @Test
    void everyErrorAnswerIsProblemJsonButTheAreaImportReport() {
        List<String> wrong = new ArrayList<>();
        operations(document())
                .forEach((name, operation) -> operation
                        .get("responses")
                        .properties()
                        .forEach(response -> {
                            int status = Integer.parseInt(response.getKey());
                            if (status >= 400 && !(name + " " + status).equals("POST /api/v1/areas/import 422")) {
                                JsonNode content = response.getValue().path("content");
                                if (content.propertyNames().size() != 1
                                        || !content.path("application/problem+json")
                                                .path("schema")
                                                .path("$ref")
                                                .asString("")
                                                .equals("#/components/schemas/Problem")) {
                                    wrong.add(name + " " + status);
                                }
                            }
                        }));
        assertThat(wrong).isEmpty();
    }

    @Test
    void operatorApiOperationsListTheirRefusals() {
        Map<String, JsonNode> operations = operations(document());
        assertThat(operations.get("GET /api/v1/bulletins/{id}").get("responses").propertyNames())
                .contains("200", "400", "401", "404")
                .doesNotContain("403");
        assertThat(operations.get("GET /api/v1/audit").get("responses").propertyNames())
                .contains("200", "401", "403");
        assertThat(operations
                        .get("POST /api/v1/bulletins/{id}/approve")
                        .get("responses")
                        .propertyNames())
                .contains("401", "403", "404", "409");
        assertThat(operations.get("POST /api/v1/broadcasts").get("responses").propertyNames())
                .contains("400", "401", "403", "404", "409", "415", "422");
        assertThat(operations
                        .get("POST /api/v1/bulletins/{id}/audio")
                        .get("responses")
                        .propertyNames())
                .contains("413", "415", "422");
        assertThat(operations.get("POST /edge/v1/playlogs").get("responses").propertyNames())
                .contains("400", "401", "413", "422")
                .doesNotContain("403");
        assertThat(operations.get("POST /edge/v1/enroll").get("responses").propertyNames())
                .contains("400", "404", "409", "429")
                .doesNotContain("401");
    }

    @Test
    void creationsAre201UploadsAndSpeech202AndEmptyAnswers204() {
        Map<String, JsonNode> operations = operations(document());
        assertThat(successes(operations.get("POST /api/v1/areas"))).containsExactly("201");
        assertThat(successes(operations.get("POST /api/v1/bulletins"))).containsExactly("201");
        assertThat(successes(operations.get("POST /api/v1/devices"))).containsExactly("201");
        assertThat(successes(operations.get("POST /api/v1/broadcasts"))).containsExactly("200", "201");
        assertThat(successes(operations.get("POST /api/v1/bulletins/{id}/audio")))
                .containsExactly("202");
        assertThat(successes(operations.get("POST /api/v1/bulletins/{id}/tts"))).containsExactly("202");
        assertThat(successes(operations.get("DELETE /api/v1/bulletins/{id}"))).containsExactly("204");
        assertThat(successes(operations.get("POST /edge/v1/heartbeat"))).containsExactly("204");
        assertThat(operations
                        .get("DELETE /api/v1/bulletins/{id}")
                        .at("/responses/204/content")
                        .isMissingNode())
                .isTrue();
    }

    @Test
    void requestBodiesMarkTheFieldsTheServerRequires() {
        JsonNode schemas = document().get("components").get("schemas");
        assertThat(required(schemas.get("NewArea"))).containsExactlyInAnyOrder("code", "name", "kind");
        assertThat(required(schemas.get("NewUser"))).containsExactlyInAnyOrder("username", "password", "roles");
        assertThat(required(schemas.get("EnrollRequest")))
                .containsExactlyInAnyOrder("enrollmentCode", "hardwareId", "agentVersion");
        assertThat(required(schemas.get("PlayLog"))).containsExactlyInAnyOrder("id", "itemId", "startedAt", "outcome");
    }

    @Test
    void everyFieldOfEverySchemaSaysWhatItIs() {
        List<String> undescribed = new ArrayList<>();
        document()
                .get("components")
                .get("schemas")
                .properties()
                .forEach(schema -> schema.getValue()
                        .path("properties")
                        .properties()
                        .forEach(field -> {
                            if (field.getValue()
                                    .path("description")
                                    .asString("")
                                    .isBlank()) {
                                undescribed.add(schema.getKey() + "." + field.getKey());
                            }
                        }));
        assertThat(undescribed).isEmpty();
    }

    @Test
    void operationIdsNameTheControllerAndMethodAndAreNeverNumbered() {
        List<String> ids = operations(document()).values().stream()
                .map(operation -> operation.get("operationId").asString())
                .toList();
        assertThat(ids).doesNotHaveDuplicates().noneMatch(id -> id.matches(".*_\\d+"));
        assertThat(ids).contains("bulletinApprove", "edgeManifest", "areaCreate");
    }

    @Test
    void theEdgeProtocolKeepsTheDeviceCredentialScheme() {
        JsonNode document = document();
        assertThat(document.at("/components/securitySchemes/device/scheme").asString())
                .isEqualTo("bearer");
        assertThat(document.at("/paths/~1edge~1v1~1manifest/get/security/0").propertyNames())
                .containsExactly("device");
    }

    /** Fetched once: building it takes springdoc a while, longer than a usual request on a busy machine. */
    private static JsonNode document;

    private JsonNode document() {
        if (document == null) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(api.baseUrl() + "/v3/api-docs"))
                    .timeout(Duration.ofMinutes(5))
                    .build();
            try {
                HttpResponse<String> response = HttpClient.newHttpClient()
                        .send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                assertThat(response.statusCode()).isEqualTo(200);
                document = JSON.readTree(response.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return document;
    }

    private static Path checkedInCopy() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
                .resolve("src/test/resources/openapi.json");
    }

    /** Pretty printed with keys sorted, so a diff shows what changed and nothing else. */
    static String canonical(JsonNode document) {
        return JSON.writeValueAsString(JSON.convertValue(document, Object.class)) + "\n";
    }

    private static Map<String, JsonNode> operations(JsonNode document) {
        Map<String, JsonNode> operations = new TreeMap<>();
        document.get("paths")
                .properties()
                .forEach(path -> path.getValue()
                        .properties()
                        .forEach(operation -> operations.put(
                                operation.getKey().toUpperCase() + " " + path.getKey(), operation.getValue())));
        return operations;
    }

    private static List<String> successes(JsonNode operation) {
        return operation.get("responses").propertyNames().stream()
                .filter(status -> status.startsWith("2"))
                .sorted()
                .toList();
    }

    private static List<String> required(JsonNode schema) {
        return schema.path("required").valueStream().map(JsonNode::asString).toList();
    }
}
