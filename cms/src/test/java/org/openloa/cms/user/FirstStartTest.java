package org.openloa.cms.user;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openloa.cms.OpenLoaApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** A first start configured with a password the policy refuses: the server stops and says what to change. */
class FirstStartTest {

    @Test
    void aFirstAdministratorPasswordContainingTheUserNameStopsTheStartSayingWhichVariableToChange() {
        assertThatThrownBy(() -> start("admin", "admin-is-my-password"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("The first administrator's password given in OPENLOA_ADMIN_PASSWORD is not accepted:"
                        + " A password must not contain the user name. Change OPENLOA_ADMIN_PASSWORD and start again.");
    }

    private static void start(String username, String password) {
        // As command-line arguments: they win over application.properties.
        new SpringApplicationBuilder(OpenLoaApplication.class)
                .run(
                        "--spring.datasource.url=jdbc:h2:mem:first-start-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                        "--server.port=0",
                        "--openloa.admin.username=" + username,
                        "--openloa.admin.password=" + password,
                        "--openloa.data-dir=target/first-start-data",
                        "--spring.main.banner-mode=off")
                .close();
    }
}
