package org.openloa.cms.broadcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openloa.cms.broadcast.Scheduling.create;
import static org.openloa.cms.broadcast.Scheduling.device;
import static org.openloa.cms.broadcast.Scheduling.once;
import static org.openloa.cms.broadcast.Scheduling.plan;
import static org.openloa.cms.broadcast.Scheduling.relaying;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.ServerTest;
import org.openloa.cms.TestWorld;
import tools.jackson.databind.JsonNode;

/** Broadcasts that name devices one by one (what a CAP alert's polygon selects), through the API and the plans. */
class DeviceTargetsTest extends ServerTest {

    // within the plan horizon, so that a change moves the plan versions of the devices it reaches
    private static final String FROM = Scheduling.day(2);
    private static final String TO = Scheduling.day(3);
    private static final String AT = Scheduling.at(2, "06:00");

    @Test
    void devicesAloneReachOnlyThoseDevicesNotTheOwnerArea() {
        TestWorld w = world();
        String named = device(w.operatorA(), w.villageAId(), "Loa chợ");
        String other = device(w.operatorA(), w.villageAId(), "Loa trường");
        Map<String, Object> body = relaying("PT10M", List.of(), once(AT));
        body.put("targets", Map.of("deviceIds", List.of(named)));
        body.put("priority", "EMERGENCY");

        JsonNode created = create(w.operatorA(), body);

        assertThat(created.get("targets").get("areaIds").size()).isZero();
        assertThat(created.get("targets").get("deviceIds").get(0).asString()).isEqualTo(named);
        assertThat(plan(w.operatorA(), named, FROM, TO).get("items").size()).isEqualTo(1);
        assertThat(plan(w.operatorA(), other, FROM, TO).get("items").size()).isZero();
    }

    @Test
    void namedDevicesAreAddedToTheAreasAndTagsAndAChangeReplansBoth() {
        TestWorld w = world();
        String market = device(w.provinceAdmin(), w.villageAId(), "Loa chợ A", "market");
        String school = device(w.provinceAdmin(), w.villageAId(), "Loa trường A", "school");
        String inB = device(w.provinceAdmin(), w.villageBId(), "Loa B");
        Map<String, Object> body = relaying("PT10M", List.of(), once(AT));
        body.put(
                "targets",
                Map.of("areaIds", List.of(w.communeAId()), "tags", List.of("market"), "deviceIds", List.of(inB)));
        body.put("priority", "PRIORITY");

        String id = create(w.provinceAdmin(), body).get("id").asString();

        assertThat(plan(w.provinceAdmin(), market, FROM, TO).get("items").size())
                .isEqualTo(1);
        assertThat(plan(w.provinceAdmin(), school, FROM, TO).get("items").size())
                .isZero();
        assertThat(plan(w.provinceAdmin(), inB, FROM, TO).get("items").size()).isEqualTo(1);
        long versionB =
                plan(w.provinceAdmin(), inB, FROM, TO).get("planVersion").asLong();

        Api.Response changed = w.provinceAdmin()
                .patch("/api/v1/broadcasts/" + id, Map.of("targets", Map.of("deviceIds", List.of(school))));

        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        JsonNode planB = plan(w.provinceAdmin(), inB, FROM, TO);
        assertThat(planB.get("items").size()).isZero();
        assertThat(planB.get("planVersion").asLong()).isGreaterThan(versionB);
        assertThat(plan(w.provinceAdmin(), school, FROM, TO).get("items").size())
                .isEqualTo(1);
        assertThat(plan(w.provinceAdmin(), market, FROM, TO).get("items").size())
                .isEqualTo(1);
    }

    @Test
    void aDeviceOutsideTheCallersReachIsRefusedAndNothingIsSaved() {
        TestWorld w = world();
        String inB = device(w.operatorB(), w.villageBId(), "Loa B");
        String inA = device(w.operatorA(), w.villageAId(), "Loa A");
        Map<String, Object> body = relaying("PT10M", List.of(), once(AT));
        body.put("targets", Map.of("deviceIds", List.of(inA, inB)));

        Api.Response refused = w.operatorA().post("/api/v1/broadcasts", body);

        assertThat(refused.status()).as(refused.body()).isEqualTo(404);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(plan(w.operatorA(), inA, FROM, TO).get("items").size()).isZero();
    }

    @Test
    void aDeviceOutsideTheOwnerAreaIs422NamingTheField() {
        TestWorld w = world();
        String inB = device(w.provinceAdmin(), w.villageBId(), "Loa B");
        Map<String, Object> body = relaying("PT10M", List.of(), once(AT));
        body.put("areaId", w.communeAId());
        body.put("targets", Map.of("deviceIds", List.of(inB)));

        Api.Response refused = w.provinceAdmin().post("/api/v1/broadcasts", body);

        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.body()).contains("targets.deviceIds");
    }
}
