package org.openloa.cms.area;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.ServerTest;
import org.openloa.cms.TestWorld;
import tools.jackson.databind.JsonNode;

class AreaApiTest extends ServerTest {

    @Test
    void aNewAreaInheritsItsParentsTimeZone() {
        TestWorld w = world();
        String zoned = w.provinceAdmin()
                .post(
                        "/api/v1/areas",
                        Map.of(
                                "code",
                                "Q" + w.suffix(),
                                "name",
                                "Đặc khu Q",
                                "kind",
                                "special-zone",
                                "parentId",
                                w.provinceId(),
                                "timeZone",
                                "Asia/Bangkok"))
                .text("id");
        Api.Response child = w.provinceAdmin()
                .post(
                        "/api/v1/areas",
                        Map.of(
                                "code",
                                "Q" + w.suffix() + "-1",
                                "name",
                                "Thôn trong Q",
                                "kind",
                                "village",
                                "parentId",
                                zoned));
        assertThat(child.status()).isEqualTo(201);
        assertThat(child.text("timeZone")).isEqualTo("Asia/Bangkok");
        assertThat(child.headers().firstValue("Location")).hasValue("/api/v1/areas/" + child.text("id"));
        assertThat(w.provinceAdmin().get("/api/v1/areas/" + w.communeAId()).text("timeZone"))
                .isEqualTo("Asia/Ho_Chi_Minh");
    }

    @Test
    void aDuplicateCodeIs409AndChangesNothing() {
        TestWorld w = world();
        int before = admin.get("/api/v1/areas").json().size();
        Api.Response response = w.provinceAdmin()
                .post(
                        "/api/v1/areas",
                        Map.of(
                                "code",
                                "P" + w.suffix() + "-A",
                                "name",
                                "Trùng mã",
                                "kind",
                                "commune",
                                "parentId",
                                w.provinceId()));
        assertThat(response.status()).isEqualTo(409);
        assertThat(response.text("code")).isEqualTo("area-code-taken");
        assertThat(admin.get("/api/v1/areas").json().size()).isEqualTo(before);
    }

    @Test
    void anUnknownTimeZoneIs422WithTheFieldNamed() {
        TestWorld w = world();
        Api.Response response = w.provinceAdmin()
                .language("vi")
                .post(
                        "/api/v1/areas",
                        Map.of(
                                "code",
                                "T" + w.suffix(),
                                "name",
                                "Xã giờ lạ",
                                "kind",
                                "commune",
                                "parentId",
                                w.provinceId(),
                                "timeZone",
                                "Mars/Olympus"));
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.text("detail")).contains("Múi giờ không hợp lệ: Mars/Olympus");
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("timeZone");
    }

    @Test
    void onlyNationalAdminsCreateTopLevelAreas() {
        TestWorld w = world();
        assertThat(w.provinceAdmin()
                        .post(
                                "/api/v1/areas",
                                Map.of("code", "TOP" + w.suffix(), "name", "Tỉnh mới", "kind", "province"))
                        .status())
                .isEqualTo(422);
    }

    @Test
    void aParentOutsideTheCallersAreaIs404() {
        TestWorld w = world();
        assertThat(w.adminA()
                        .post(
                                "/api/v1/areas",
                                Map.of(
                                        "code",
                                        "X" + w.suffix(),
                                        "name",
                                        "Thôn lạ",
                                        "kind",
                                        "village",
                                        "parentId",
                                        w.communeBId()))
                        .status())
                .isEqualTo(404);
    }

    @Test
    void aTreeViewNestsChildren() {
        TestWorld w = world();
        JsonNode tree = w.provinceAdmin().get("/api/v1/areas?view=tree").json();
        assertThat(tree.size()).isEqualTo(1);
        assertThat(tree.get(0).get("id").asString()).isEqualTo(w.provinceId());
        assertThat(tree.get(0).get("children").size()).isEqualTo(2);
    }

    @Test
    void aMergedCommuneIsRetiredAndPointsToItsSuccessor() {
        TestWorld w = world();
        Api.Response retired = w.provinceAdmin()
                .post(
                        "/api/v1/areas/" + w.communeBId() + "/retire",
                        Map.of("on", "2025-07-01", "successorId", w.communeAId()));
        assertThat(retired.status()).as(retired.body()).isEqualTo(200);
        JsonNode b = w.provinceAdmin().get("/api/v1/areas/" + w.communeBId()).json();
        assertThat(b.get("retired").asBoolean()).isTrue();
        assertThat(b.get("retiredOn").asString()).isEqualTo("2025-07-01");
        assertThat(b.get("successorId").asString()).isEqualTo(w.communeAId());
        assertThat(ids(w.provinceAdmin()
                        .get("/api/v1/areas?includeRetired=false")
                        .json()))
                .doesNotContain(w.communeBId())
                .contains(w.communeAId());
        assertThat(w.operatorB().get("/api/v1/areas/" + w.communeBId()).status())
                .isEqualTo(200);
    }

    @Test
    void aSuccessorCannotLieInsideTheRetiredArea() {
        TestWorld w = world();
        assertThat(w.provinceAdmin()
                        .post("/api/v1/areas/" + w.communeBId() + "/retire", Map.of("successorId", w.villageBId()))
                        .status())
                .isEqualTo(422);
    }

    @Test
    void aCsvWithOneBadLineImportsNothingAndNamesTheLine() {
        TestWorld w = world();
        String s = w.suffix();
        String csv = "code,name,kind,parent_code,time_zone\n"
                + "I" + s + "-1,Thôn Mới 1,village,P" + s + "-A\n"
                + "I" + s + "-2,Thôn Mới 2,village,P" + s + "-A,Asia/Saigon\n"
                + "I" + s + "-3,Thôn Hỏng,village,KHONG-CO\n"
                + "I" + s + "-4,\"Tổ 4, khu phố\",village,I" + s + "-1\n";
        Api.Response response = w.provinceAdmin().language("vi").postCsv("/api/v1/areas/import", csv);
        assertThat(response.status()).isEqualTo(422);
        JsonNode report = response.json();
        assertThat(report.get("imported").asBoolean()).isFalse();
        assertThat(report.get("refusedLines").asInt()).isEqualTo(1);
        JsonNode bad = report.get("lines")
                .valueStream()
                .filter(l -> l.get("outcome").asString().equals("REFUSED"))
                .findFirst()
                .orElseThrow();
        assertThat(bad.get("line").asInt()).isEqualTo(4);
        assertThat(bad.get("reason").asString()).contains("KHONG-CO");
        assertThat(codes(w.provinceAdmin())).noneMatch(c -> c.startsWith("I" + s));
    }

    @Test
    void aGoodCsvImportsEveryLineWithParentsInAnyOrder() {
        TestWorld w = world();
        String s = w.suffix();
        String csv = "\uFEFFJ" + s + "-2;Tổ 2;village;J" + s + "-1\r\n"
                + "J" + s + "-1;Xã Mới;commune;P" + s + ";Asia/Ho_Chi_Minh\r\n"
                + "\r\n"
                + "J" + s + "-3;\"Tổ \"\"3\"\"\";village;J" + s + "-1\r\n";
        Api.Response response = w.provinceAdmin().postCsv("/api/v1/areas/import", csv);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("acceptedLines").asInt()).isEqualTo(3);
        List<JsonNode> areas =
                w.provinceAdmin().get("/api/v1/areas").json().valueStream().toList();
        JsonNode commune = areas.stream()
                .filter(a -> a.get("code").asString().equals("J" + s + "-1"))
                .findFirst()
                .orElseThrow();
        assertThat(commune.get("parentId").asString()).isEqualTo(w.provinceId());
        assertThat(areas.stream()
                        .filter(a -> a.get("code").asString().equals("J" + s + "-3"))
                        .findFirst()
                        .orElseThrow()
                        .get("name")
                        .asString())
                .isEqualTo("Tổ \"3\"");
        assertThat(areas.stream()
                        .filter(a -> !a.get("parentId").isNull()
                                && a.get("parentId")
                                        .asString()
                                        .equals(commune.get("id").asString())))
                .hasSize(2);
    }

    @Test
    void importRefusesCyclesDuplicatesAndParentsOutsideTheCallersArea() {
        TestWorld w = world();
        String s = w.suffix();
        String csv = "K" + s + "-1,A,village,K" + s + "-2\n"
                + "K" + s + "-2,B,village,K" + s + "-1\n"
                + "K" + s + "-3,C,village,P" + s + "-B\n"
                + "K" + s + "-3,D,village,P" + s + "-A\n"
                + "K" + s + "-5,E,village\n";
        JsonNode lines = w.adminA()
                .language("en")
                .postCsv("/api/v1/areas/import", csv)
                .json()
                .get("lines");
        assertThat(lines.valueStream().map(l -> l.get("outcome").asString())).containsOnly("REFUSED");
        assertThat(lines.get(0).get("reason").asString()).contains("loops");
        assertThat(lines.get(2).get("reason").asString()).contains("No parent area");
        assertThat(lines.get(3).get("reason").asString()).contains("line 3");
        assertThat(lines.get(4).get("reason").asString()).contains("Expected 4 or 5 fields");
    }

    @Test
    void anEmptyCsvIsRefused() {
        TestWorld w = world();
        Api.Response response = w.provinceAdmin().postCsv("/api/v1/areas/import", "code,name,kind,parent_code\n");
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("lines").get(0).get("outcome").asString())
                .isEqualTo("REFUSED");
    }

    private static List<String> ids(JsonNode areas) {
        return areas.valueStream().map(a -> a.get("id").asString()).toList();
    }

    private static List<String> codes(Api caller) {
        return caller.get("/api/v1/areas")
                .json()
                .valueStream()
                .map(a -> a.get("code").asString())
                .toList();
    }
}
