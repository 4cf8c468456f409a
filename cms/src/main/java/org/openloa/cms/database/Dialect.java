package org.openloa.cms.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Which of the two databases cms runs on, for the few statements they write differently (PostgreSQL's {@code insert …
 * on conflict}, H2's {@code merge … key}) and for Quartz's delegate; all other SQL is the same on both.
 */
public enum Dialect {
    /** The embedded default, and what any database that is not PostgreSQL is taken for. */
    H2,
    POSTGRESQL;

    /** The database behind this template (one look at the driver's metadata: ask once, at startup). */
    public static Dialect of(JdbcTemplate jdbc) {
        return jdbc.execute((ConnectionCallback<Dialect>) Dialect::of);
    }

    /** The database of this connection, as its driver names it. */
    public static Dialect of(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName();
        return product != null && product.toLowerCase(Locale.ROOT).contains("postgres") ? POSTGRESQL : H2;
    }
}
