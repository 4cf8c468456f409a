package org.openloa.cms.plan;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The record of job executions that committed their work, written in the work's own transaction: a run
 * killed half way leaves no row, a doubled one would leave two.
 */
@Component
public class JobRuns {

    private final JdbcTemplate jdbc;

    JobRuns(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    void record(
            String job,
            String trigger,
            Instant scheduledAt,
            Instant firedAt,
            Instant finishedAt,
            String instance,
            boolean recovering,
            String detail) {
        jdbc.update(
                "insert into job_run (id, job_name, trigger_name, scheduled_at, fired_at, finished_at, instance_id,"
                        + " recovering, detail) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                UUID.randomUUID(),
                job,
                trigger,
                Timestamp.from(scheduledAt),
                Timestamp.from(firedAt),
                Timestamp.from(finishedAt),
                instance,
                recovering,
                detail == null ? null : detail.length() > 1000 ? detail.substring(0, 1000) : detail);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    int purgeBefore(Instant before) {
        return jdbc.update("delete from job_run where finished_at < ?", Timestamp.from(before));
    }

    /** The latest runs of each job, newest first. */
    @Transactional(readOnly = true)
    public List<Run> latest(int limit) {
        return jdbc.query(
                "select job_name, trigger_name, scheduled_at, finished_at, instance_id, recovering, detail"
                        + " from job_run order by finished_at desc fetch first " + Math.max(1, limit) + " rows only",
                (rs, i) -> new Run(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getTimestamp(3).toInstant(),
                        rs.getTimestamp(4).toInstant(),
                        rs.getString(5),
                        rs.getBoolean(6),
                        rs.getString(7)));
    }

    public record Run(
            String job,
            String trigger,
            Instant scheduledAt,
            Instant finishedAt,
            String instance,
            boolean recovering,
            String detail) {}
}
