package org.openloa.cms;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two cms nodes (two application contexts in one JVM) on one database of their own, as a cluster runs them: on
 * PostgreSQL (a database created for them) with {@code -Dopenloa.test.database=postgresql}, else on one H2
 * database in memory that both nodes open. Each node may get settings of its own.
 */
public final class TwoNodes implements AutoCloseable {

    public final ConfigurableApplicationContext one;
    public final ConfigurableApplicationContext two;
    private final String password;

    private TwoNodes(ConfigurableApplicationContext one, ConfigurableApplicationContext two, String password) {
        this.one = one;
        this.two = two;
        this.password = password;
    }

    /**
     * Starts node one, then node two (the first migrates the schema), with the administrator {@code admin} /
     * {@code password} and relay probes off; {@code name} names their database, schedulers and data folders.
     */
    public static TwoNodes start(String name, String password, List<String> oneSettings, List<String> twoSettings) {
        String unique = name + "_" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        List<String> database = database(unique);
        ConfigurableApplicationContext one = node(1, unique, password, database, oneSettings);
        try {
            return new TwoNodes(one, node(2, unique, password, database, twoSettings), password);
        } catch (RuntimeException e) {
            one.close();
            throw e;
        }
    }

    /**
     * The settings of a database of its own named {@code unique} (created on PostgreSQL, in memory on H2): for a test
     * that starts its nodes one after the other with {@link #node}, a restart for instance.
     */
    public static List<String> database(String unique) {
        List<String> database = new ArrayList<>();
        if (TestDatabase.isPostgres()) {
            EmbeddedPostgres postgres = TestDatabase.postgres();
            try (Connection c = postgres.getPostgresDatabase().getConnection();
                    Statement s = c.createStatement()) {
                s.execute("create database " + unique);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            database.add("--spring.datasource.url=jdbc:postgresql://localhost:" + postgres.getPort() + "/" + unique);
            database.add("--spring.datasource.username=postgres");
            database.add("--spring.datasource.password=postgres");
        } else {
            database.add(
                    "--spring.datasource.url=jdbc:h2:mem:" + unique + "-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        }
        return database;
    }

    /** Starts node {@code n} of {@code unique} on {@code database} ({@link #database}) with {@code settings}. */
    public static ConfigurableApplicationContext node(
            int n, String unique, String password, List<String> database, List<String> settings) {
        List<String> args = new ArrayList<>(database);
        args.addAll(List.of(
                "--server.port=0",
                // Quartz keeps a JVM-wide registry by scheduler name: two nodes in one JVM need two names.
                "--spring.quartz.scheduler-name=" + unique + "-" + n,
                "--openloa.admin.username=admin",
                "--openloa.admin.password=" + password,
                "--openloa.relay.probe.enabled=false",
                "--openloa.data-dir=target/test-data/" + unique + "-" + n));
        args.addAll(settings);
        return new SpringApplicationBuilder(OpenLoaApplication.class).run(args.toArray(String[]::new));
    }

    public static int port(ConfigurableApplicationContext node) {
        return Integer.parseInt(node.getEnvironment().getRequiredProperty("local.server.port"));
    }

    /** The administrator, through this node's own port. */
    public Api admin(ConfigurableApplicationContext node) {
        return new Api(port(node)).as("admin", password);
    }

    @Override
    public void close() {
        two.close();
        one.close();
    }
}
