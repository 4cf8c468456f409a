package org.openloa.cms.outbox;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * One module's outbox table, as the sweeper needs it: due rows taken under a lease, and each attempt's outcome.
 * The table has the columns {@code id} (uuid), {@code attempts}, {@code next_attempt_at}, {@code claimed_until},
 * {@code delivered_at}, {@code last_error} and, where its {@link Retries} give up, {@code failed_at}; the owner
 * writes the rows (in the transaction that makes them true) and reads the rest of its columns.
 *
 * <p>A row is taken by one conditional update that sets a lease and counts the attempt, so two nodes never send
 * it at the same time, and one that dies holding it lets the lease run out and another sends it: at least once,
 * never lost. The table and column names come from the owner's code, never from input.
 *
 * @param <T> the owner's row
 */
public final class OutboxTable<T extends OutboxTable.Row> {

    /** How long a node may hold a row while it sends it. */
    private static final Duration LEASE = Duration.ofMinutes(2);

    private static final int LONGEST_ERROR = 500;

    /** What the outbox needs of a row; the owner's record adds what is sent. */
    public interface Row {

        UUID id();

        /** Attempts so far, this one included once the row is taken. */
        int attempts();

        /** What kind of row it is, for the log (never the body: it may carry what must not be logged). */
        String kind();
    }

    private final JdbcTemplate jdbc;
    private final String table;
    private final String columns;
    private final RowMapper<T> rows;
    private final String order;
    private final Retries retries;
    private final String open;

    /**
     * @param table   the owner's table
     * @param columns the columns {@code rows} reads, in its order
     * @param rows    the owner's row from those columns
     * @param order   the column that orders due rows, first sent first
     * @param retries when a failed row is tried again, and whether it is given up
     */
    public OutboxTable(
            JdbcTemplate jdbc, String table, String columns, RowMapper<T> rows, String order, Retries retries) {
        this.jdbc = jdbc;
        this.table = table;
        this.columns = columns;
        this.rows = rows;
        this.order = order;
        this.retries = retries;
        this.open = retries.givesUp() ? "delivered_at is null and failed_at is null" : "delivered_at is null";
    }

    /**
     * Takes up to {@code limit} rows that are due and not held by another node; {@code only} narrows them (a
     * condition on the table's columns, or empty for all).
     */
    List<T> claim(Instant now, int limit, String only) {
        List<UUID> due = jdbc.queryForList(
                "select id from " + table + " where " + open + " and next_attempt_at <= ?"
                        + " and (claimed_until is null or claimed_until < ?)" + (only.isEmpty() ? "" : " and " + only)
                        + " order by " + order + " fetch first " + limit + " rows only",
                UUID.class,
                Timestamp.from(now),
                Timestamp.from(now));
        List<T> taken = new ArrayList<>();
        for (UUID id : due) {
            int won = jdbc.update(
                    "update " + table + " set claimed_until = ?, attempts = attempts + 1 where id = ? and " + open
                            + " and (claimed_until is null or claimed_until < ?)",
                    Timestamp.from(now.plus(LEASE)),
                    id,
                    Timestamp.from(now));
            if (won == 1) {
                taken.addAll(jdbc.query("select " + columns + " from " + table + " where id = ?", rows, id));
            }
        }
        return taken;
    }

    /** The row was taken by its receiver. */
    void delivered(UUID id, Instant at) {
        jdbc.update(
                "update " + table + " set delivered_at = ?, claimed_until = null, last_error = null where id = ?",
                Timestamp.from(at),
                id);
    }

    /** An attempt failed: the row is tried again later, or given up once its retries say so. */
    void failed(T row, String error, Instant at) {
        String clipped = error.length() > LONGEST_ERROR ? error.substring(0, LONGEST_ERROR) : error;
        Timestamp next = Timestamp.from(retries.next(row.attempts(), at));
        if (retries.givesUp()) {
            jdbc.update(
                    "update " + table + " set claimed_until = null, last_error = ?, next_attempt_at = ?,"
                            + " failed_at = ? where id = ?",
                    clipped,
                    next,
                    retries.exhausted(row.attempts()) ? Timestamp.from(at) : null,
                    row.id());
        } else {
            jdbc.update(
                    "update " + table + " set claimed_until = null, last_error = ?, next_attempt_at = ? where id = ?",
                    clipped,
                    next,
                    row.id());
        }
    }
}
