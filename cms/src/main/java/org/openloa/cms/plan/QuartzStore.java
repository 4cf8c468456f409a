package org.openloa.cms.plan;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import javax.sql.DataSource;
import org.openloa.cms.database.Dialect;
import org.quartz.impl.jdbcjobstore.PostgreSQLDelegate;
import org.quartz.impl.jdbcjobstore.StdJDBCDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.quartz.autoconfigure.QuartzProperties;
import org.springframework.boot.quartz.autoconfigure.SchedulerFactoryBeanCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Quartz keeps its jobs and triggers in the application database (JDBC job store, clustered), so any cms node
 * may fire them and a restart loses none. The driver delegate depends on the database, which is only known at
 * startup: PostgreSQL gets {@link PostgreSQLDelegate} (its BYTEA job data), everything else (H2) the standard
 * one. A delegate set explicitly in the properties wins.
 */
@Configuration(proxyBeanMethods = false)
class QuartzStore {

    static final String DELEGATE = "org.quartz.jobStore.driverDelegateClass";
    private static final Logger log = LoggerFactory.getLogger(QuartzStore.class);

    @Bean
    SchedulerFactoryBeanCustomizer driverDelegateForTheDatabase(DataSource dataSource, QuartzProperties quartz) {
        return factory -> {
            Properties properties = new Properties();
            properties.putAll(quartz.getProperties());
            if (!properties.containsKey(DELEGATE)) {
                properties.put(DELEGATE, delegateFor(dataSource));
            }
            log.info("Quartz job store: {}", properties.getProperty(DELEGATE));
            factory.setQuartzProperties(properties);
        };
    }

    static String delegateFor(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return Dialect.of(connection) == Dialect.POSTGRESQL
                    ? PostgreSQLDelegate.class.getName()
                    : StdJDBCDelegate.class.getName();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot tell which database Quartz runs on", e);
        }
    }
}
