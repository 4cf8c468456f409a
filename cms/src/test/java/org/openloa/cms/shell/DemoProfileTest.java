package org.openloa.cms.shell;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.ServerTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

/**
 * The demo's seeding, on H2 and on PostgreSQL. Without its loudspeakers (DemoPlaysTest runs those), and closed
 * after the class, so that no demo server keeps working beside the tests that follow.
 */
@ActiveProfiles("demo")
@TestPropertySource(properties = "openloa.demo.boxes=0")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class DemoProfileTest extends ServerTest {

    @Test
    void theDemoProfileSeedsAProvinceAndAUserOfEveryRole() {
        Api operator = api.as("camlo.vanhanh", "openloa-demo");
        assertThat(operator.get("/api/v1/areas")
                        .json()
                        .valueStream()
                        .map(a -> a.get("name").asString()))
                .contains("Xã Cam Lộ", "Thôn 3")
                .doesNotContain("Phường Đông Hà", "Tỉnh Quảng Trị");
        for (String user :
                new String[] {"tinh.quantri", "tinh.bientap", "tinh.pheduyet", "dongha.vanhanh", "tinh.xem"}) {
            assertThat(api.as(user, "openloa-demo").get("/api/v1/users/me").status())
                    .as(user)
                    .isEqualTo(200);
        }
    }
}
