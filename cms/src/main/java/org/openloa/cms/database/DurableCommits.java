package org.openloa.cms.database;

import com.zaxxer.hikari.HikariDataSource;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A write the API has answered must outlive the process. H2 (the embedded default) keeps commits in memory
 * for {@code WRITE_DELAY} (500 ms) before writing them to its file, so a killed process loses the last half
 * second of acknowledged writes; with {@code WRITE_DELAY=0} each commit is written to the file before the
 * commit returns. H2 applies the setting only from the URL of the connection that opens the database (one
 * stored with {@code SET} is not applied again at the next open), so it is added to any H2 file URL that
 * does not set it, including one given in {@code SPRING_DATASOURCE_URL}. PostgreSQL is durable with its
 * defaults; a server configured otherwise is reported at startup.
 */
@Configuration(proxyBeanMethods = false)
class DurableCommits {

    private static final Logger log = LoggerFactory.getLogger(DurableCommits.class);
    private static final Pattern WRITE_DELAY =
            Pattern.compile(";\\s*WRITE_DELAY\\s*=\\s*([^;]*)", Pattern.CASE_INSENSITIVE);

    @Bean
    static BeanPostProcessor h2WritesEachCommit() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof HikariDataSource hikari && hikari.getJdbcUrl() != null) {
                    hikari.setJdbcUrl(durable(hikari.getJdbcUrl()));
                }
                return bean;
            }
        };
    }

    /** The URL with H2's write delay off, unless it is not an H2 file database or sets the delay itself. */
    static String durable(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("jdbc:h2:") || lower.startsWith("jdbc:h2:mem:") || lower.startsWith("jdbc:h2:zip:")) {
            return url;
        }
        Matcher set = WRITE_DELAY.matcher(url);
        if (set.find()) {
            if (!"0".equals(set.group(1).strip())) {
                log.warn(
                        "The H2 database URL sets WRITE_DELAY={}: writes acknowledged within that many milliseconds"
                                + " before a crash are lost. Remove it (OpenLoa then uses WRITE_DELAY=0).",
                        set.group(1).strip());
            }
            return url;
        }
        return url + ";WRITE_DELAY=0";
    }

    @Bean
    PostgresCommitCheck postgresCommitCheck(JdbcTemplate jdbc) {
        return new PostgresCommitCheck(jdbc);
    }

    /** Says loudly when PostgreSQL may acknowledge a commit it has not made durable. */
    static final class PostgresCommitCheck {

        private final JdbcTemplate jdbc;

        PostgresCommitCheck(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        @EventListener(ApplicationReadyEvent.class)
        void check() {
            if (Dialect.of(jdbc) != Dialect.POSTGRESQL) {
                return;
            }
            String synchronousCommit = jdbc.queryForObject("show synchronous_commit", String.class);
            String fsync = jdbc.queryForObject("show fsync", String.class);
            if ("off".equalsIgnoreCase(synchronousCommit)) {
                log.warn(
                        "PostgreSQL runs with synchronous_commit={}: commits cms has acknowledged can be lost if"
                                + " the database server crashes. Set synchronous_commit=on (docs/deployment.md).",
                        synchronousCommit);
            }
            if ("off".equalsIgnoreCase(fsync)) {
                log.warn("PostgreSQL runs with fsync=off: a crash of its machine can lose or corrupt data."
                        + " Set fsync=on (docs/deployment.md).");
            }
        }
    }
}
