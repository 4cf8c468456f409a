package org.openloa.cms;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A test against the whole server on a random port, through real HTTP, on the database
 * {@link TestDatabase} picks. Tagged "database" so it runs on H2 and again on PostgreSQL. All such
 * tests share one server: each builds its own small world with unique codes.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "openloa.admin.username=admin",
            "openloa.admin.password=" + ServerTest.ADMIN_PASSWORD,
            "openloa.data-dir=target/test-data",
            // the relay probes run when a test asks (RelayProbes.runDue), not on a timer in every test
            "openloa.relay.probe.enabled=false"
        })
@Tag("database")
public abstract class ServerTest {

    public static final String ADMIN_PASSWORD = "national-secret-1234";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry);
    }

    @Autowired
    private Environment environment;

    protected Api api;
    protected Api admin;

    @BeforeEach
    void connect() {
        api = new Api(Integer.parseInt(environment.getRequiredProperty("local.server.port")));
        admin = api.as("admin", ADMIN_PASSWORD);
    }

    protected String baseUrl() {
        return api.baseUrl();
    }

    /** A province with two communes (each with a village) and a user of each kind, all unique to the test. */
    protected TestWorld world() {
        return TestWorld.build(admin);
    }
}
