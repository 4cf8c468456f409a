package org.openloa.cms.shell;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.ServerTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

class PublicSurfaceTest extends ServerTest {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    org.springframework.core.env.Environment environment;

    @Test
    void healthIsUpWithoutCredentials() {
        Api.Response health = api.get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.text("status")).isEqualTo("UP");
    }

    @Test
    void metricsAreForAdministratorsOnly() {
        assertThat(api.get("/actuator/prometheus").status()).isEqualTo(401);
        Api.Response prometheus = admin.get("/actuator/prometheus");
        assertThat(prometheus.status()).isEqualTo(200);
        assertThat(prometheus.body()).contains("jvm_memory_used_bytes");
    }

    @Test
    void theOpenApiDocumentListsTheOperatorApi() {
        Api.Response docs = api.get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.json().get("paths").propertyNames())
                .contains(
                        "/api/v1/areas",
                        "/api/v1/areas/import",
                        "/api/v1/users",
                        "/api/v1/users/{id}",
                        "/api/v1/tokens",
                        "/api/v1/audit");
    }

    @Test
    void theLoginPageIsVietnameseByDefaultAndEnglishOnTheSwitch() {
        Api.Response vi = api.language("en-US").get("/login");
        assertThat(vi.status()).isEqualTo(200);
        assertThat(vi.body()).contains("Đăng nhập", "lang=\"vi\"");
        Api.Response en = api.get("/login?lang=en");
        assertThat(en.body()).contains("Log in", "lang=\"en\"").doesNotContain("Đăng nhập</h2>");
    }

    @Test
    void pagesNeedALogin() {
        Api.Response dashboard = api.get("/");
        assertThat(dashboard.status()).isEqualTo(302);
        assertThat(dashboard.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
    }

    @Test
    void theMigrationsCreateQuartzTablesAndTheRepeatingTriggersAreStoredThere() {
        // This server's scheduler only: on PostgreSQL the test servers share one database, each its own scheduler.
        assertThat(jdbc.queryForObject(
                        "select count(*) from QRTZ_TRIGGERS where TRIGGER_GROUP = 'openloa' and SCHED_NAME = ?",
                        Integer.class,
                        environment.getRequiredProperty("spring.quartz.scheduler-name")))
                .isEqualTo(4);
        assertThat(jdbc.queryForObject("select count(*) from QRTZ_LOCKS", Integer.class))
                .isNotNegative();
    }
}
