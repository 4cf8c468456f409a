package org.openloa.cms.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openloa.cms.ServerTest;
import org.openloa.cms.TestWorld;

class MetricsAccessTest extends ServerTest {

    @Test
    void onlyANationalAdministratorReadsSystemWideMetrics() {
        TestWorld w = world();
        assertThat(admin.get("/actuator/prometheus").status()).isEqualTo(200);
        assertThat(admin.get("/actuator/metrics").status()).isEqualTo(200);

        assertThat(w.adminA().get("/actuator/prometheus").status()).isEqualTo(403);
        assertThat(w.adminA().get("/actuator/metrics").status()).isEqualTo(403);
        assertThat(w.provinceAdmin().get("/actuator/prometheus").status()).isEqualTo(403);
        assertThat(w.operatorA().get("/actuator/metrics").status()).isEqualTo(403);
        assertThat(api.get("/actuator/prometheus").status()).isEqualTo(401);
    }

    @Test
    void aScraperMayPresentANationalAdministratorsApiTokenAndNoOtherOne() {
        TestWorld w = world();
        String national = admin.post("/api/v1/tokens", java.util.Map.of("name", "prometheus"))
                .text("token");
        String commune = w.adminA()
                .post("/api/v1/tokens", java.util.Map.of("name", "prometheus"))
                .text("token");

        assertThat(api.bearer(national).get("/actuator/prometheus").status()).isEqualTo(200);
        assertThat(api.bearer(national)
                        .get("/actuator/metrics/jvm.compilation.time")
                        .status())
                .isEqualTo(200);
        assertThat(api.bearer(commune).get("/actuator/prometheus").status()).isEqualTo(403);
        assertThat(api.bearer("olt_made-up").get("/actuator/metrics").status()).isEqualTo(401);
    }

    @Test
    void healthAndInfoStayPublic() {
        assertThat(api.get("/actuator/health").status()).isEqualTo(200);
        assertThat(api.get("/actuator/info").status()).isEqualTo(200);
    }
}
