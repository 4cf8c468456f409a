package org.openloa.cms.problem;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.EnrolledDevice;
import org.openloa.cms.ServerTest;
import org.openloa.cms.TestWorld;

/** Every error answer of the machine interfaces (/api, /edge) is problem+json, whatever went wrong. */
class ErrorsInWordsTest extends ServerTest {

    @Test
    void anUnknownApiPathIsAProblemInWords() {
        Api.Response response = admin.language("en").get("/api/v1/no-such-thing");

        assertProblem(response, 404, "http-404");
        assertThat(response.text("detail")).isEqualTo("There is nothing at this address.");
        assertThat(response.text("instance")).isEqualTo("/api/v1/no-such-thing");
    }

    @Test
    void anUnknownApiPathIsAProblemInVietnameseByDefault() {
        Api.Response response = admin.get("/api/v1/no-such-thing");

        assertProblem(response, 404, "http-404");
        assertThat(response.text("detail")).isNotEqualTo("There is nothing at this address.");
    }

    @Test
    void anUnknownEdgePathIsAProblemInWords() {
        TestWorld w = world();
        Api box = enrolledBox(w.operatorA(), w.villageAId());

        assertProblem(box.get("/edge/v1/no-such-thing"), 404, "http-404");
    }

    @Test
    void anEdgePathOutsideTheProtocolVersionIsAProblemNotALoginPage() {
        assertProblem(api.anonymous().get("/edge/no-such-version/manifest"), 401, "edge-unauthenticated");
    }

    @Test
    void aMethodAnAddressDoesNotTakeIsAProblemInWords() {
        Api.Response response = admin.delete("/api/v1/audit");

        assertProblem(response, 405, "http-405");
        assertThat(response.headers().firstValue("Allow"))
                .hasValueSatisfying(allow -> assertThat(allow).contains("GET"));
    }

    @Test
    void aFormatTheApiCannotGiveIsAProblemInWords() {
        assertProblem(admin.get("/api/v1/areas", "Accept", "text/csv"), 406, "http-406");
    }

    @Test
    void aMalformedJsonBodyIsAProblemInWords() {
        assertProblem(admin.post("/api/v1/areas", "{\"code\": "), 400, "malformed-request");
    }

    private static void assertProblem(Api.Response response, int status, String code) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("status").asInt()).isEqualTo(status);
        assertThat(response.text("code")).isEqualTo(code);
        assertThat(response.text("title")).isNotBlank();
        assertThat(response.text("detail")).isNotBlank();
    }

    private Api enrolledBox(Api operator, String areaId) {
        return EnrolledDevice.enrol(operator, areaId, api).edge(api);
    }
}
