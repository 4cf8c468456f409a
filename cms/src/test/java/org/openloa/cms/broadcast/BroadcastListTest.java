package org.openloa.cms.broadcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openloa.cms.broadcast.Scheduling.create;
import static org.openloa.cms.broadcast.Scheduling.once;
import static org.openloa.cms.broadcast.Scheduling.relaying;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openloa.cms.ServerTest;
import org.openloa.cms.TestWorld;
import tools.jackson.databind.JsonNode;

class BroadcastListTest extends ServerTest {

    @Test
    void theBroadcastListComesInPagesOfBoundedSize() {
        TestWorld w = world();
        for (int day = 1; day <= 3; day++) {
            create(w.operatorA(), relaying("PT10M", List.of(w.communeAId()), once(Scheduling.at(day, "07:00"))));
        }
        JsonNode first = w.operatorA().get("/api/v1/broadcasts?size=2").json();
        assertThat(first.get("broadcasts").size()).isEqualTo(2);
        assertThat(first.get("page").asInt()).isZero();
        assertThat(first.get("size").asInt()).isEqualTo(2);
        assertThat(first.get("total").asLong()).isEqualTo(3);
        JsonNode second = w.operatorA().get("/api/v1/broadcasts?size=2&page=1").json();
        assertThat(second.get("broadcasts").size()).isEqualTo(1);
        assertThat(second.get("broadcasts").get(0).get("id").asString())
                .isNotIn(
                        first.get("broadcasts").get(0).get("id").asString(),
                        first.get("broadcasts").get(1).get("id").asString());

        JsonNode huge =
                w.operatorA().get("/api/v1/broadcasts?size=100000000&page=-5").json();
        assertThat(huge.get("size").asInt()).isEqualTo(200);
        assertThat(huge.get("page").asInt()).isZero();
        assertThat(huge.get("broadcasts").size()).isEqualTo(3);
        assertThat(w.operatorA()
                        .get("/api/v1/broadcasts?page=999999999")
                        .json()
                        .get("broadcasts")
                        .size())
                .isZero();
    }
}
