package org.openloa.cms.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openloa.cms.ServerTest;
import tools.jackson.databind.JsonNode;

/** The lists of the API page alike: what is asked outside the bounds is taken to the nearest page allowed. */
class ListPageTest extends ServerTest {

    @ParameterizedTest
    @CsvSource({"/api/v1/broadcasts, broadcasts", "/api/v1/bulletins, bulletins", "/api/v1/emergencies, emergencies"})
    void aPageIsFromZeroAndOfOneToTwoHundredRows(String list, String rows) {
        JsonNode huge = admin.get(list + "?size=100000000&page=-5").json();
        assertThat(huge.get("page").asInt()).isZero();
        assertThat(huge.get("size").asInt()).isEqualTo(ListPage.MAX_SIZE);
        assertThat(huge.get(rows).size()).isLessThanOrEqualTo(ListPage.MAX_SIZE);

        JsonNode none = admin.get(list + "?size=0").json();
        assertThat(none.get("size").asInt()).isEqualTo(1);
        assertThat(none.get(rows).size()).isLessThanOrEqualTo(1);

        JsonNode beyond = admin.get(list + "?size=1&page=999999999").json();
        assertThat(beyond.get("page").asInt()).isEqualTo(999999999);
        assertThat(beyond.get(rows)).isEmpty();
        assertThat(beyond.get("total").asLong()).isEqualTo(none.get("total").asLong());
    }
}
