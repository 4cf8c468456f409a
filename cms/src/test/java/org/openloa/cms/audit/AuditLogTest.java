package org.openloa.cms.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openloa.cms.ServerTest;
import org.openloa.cms.TestWorld;
import tools.jackson.databind.JsonNode;

class AuditLogTest extends ServerTest {

    @Test
    void everyChangeIsRecordedWithWhoWhatAndFromWhere() {
        TestWorld w = world();
        w.adminA()
                .post(
                        "/api/v1/areas",
                        Map.of(
                                "code",
                                "AU" + w.suffix(),
                                "name",
                                "Thôn Nhật Ký",
                                "kind",
                                "village",
                                "parentId",
                                w.communeAId()));
        JsonNode events = w.adminA()
                .get("/api/v1/audit?action=AREA_CREATED&actor=adma" + w.suffix())
                .json()
                .get("events");
        assertThat(events.size()).isEqualTo(1);
        assertThat(events.get(0).get("detail").asString()).contains("AU" + w.suffix(), "Thôn Nhật Ký");
        assertThat(events.get(0).get("remoteAddress").asString()).isEqualTo("127.0.0.1");
        assertThat(events.get(0).get("at").asString()).isNotBlank();
    }

    @Test
    void aCommuneAdminReadsOnlyTheirCommunesEvents() {
        TestWorld w = world();
        w.provinceAdmin()
                .post(
                        "/api/v1/areas",
                        Map.of(
                                "code",
                                "AB" + w.suffix(),
                                "name",
                                "Thôn của B",
                                "kind",
                                "village",
                                "parentId",
                                w.communeBId()));
        List<String> details = w.adminA()
                .get("/api/v1/audit?size=500")
                .json()
                .get("events")
                .valueStream()
                .map(e -> e.get("detail").isNull() ? "" : e.get("detail").asString())
                .toList();
        assertThat(details).noneMatch(d -> d.contains("AB" + w.suffix()));
        List<String> provinceView = w.provinceAdmin()
                .get("/api/v1/audit?size=500")
                .json()
                .get("events")
                .valueStream()
                .map(e -> e.get("detail").isNull() ? "" : e.get("detail").asString())
                .toList();
        assertThat(provinceView).anyMatch(d -> d.contains("AB" + w.suffix()));
    }

    @Test
    void onlyAdminsReadTheLog() {
        TestWorld w = world();
        assertThat(w.operatorA().get("/api/v1/audit").status()).isEqualTo(403);
    }
}
