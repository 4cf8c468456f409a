package org.openloa.cms.broadcast;

import jakarta.persistence.EntityManager;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.orm.jpa.EntityManagerFactoryUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The live programme ({@link Programmes#live()}) kept in memory between changes, valid across cms nodes.
 *
 * <p>Every manifest build and every re-plan needs all live broadcasts (5,000 at national scale), so building them
 * from the rows each time is what made polls after a change and emergencies slow. The snapshot is keyed on the
 * programme token, one row in {@code programme_token}: every transaction that changes a broadcast or an offer
 * writes a fresh random token there just before it commits, so the token becomes visible to every node exactly
 * when the change does, and one cheap query per read tells whether the snapshot held here is still the programme.
 * A random token, not a counter: a transaction that rolls back leaves no value another one could write again
 * over different rows, so no snapshot can ever be taken for the wrong programme.
 *
 * <p>A transaction that has changed the programme must see its own change (the plan keeper re-plans inside it):
 * it reads the snapshot of the committed programme and re-reads, from its own rows, only the broadcasts it
 * changed; what it builds is never kept, since it is not committed (and may never be).
 */
@Component
class ProgrammeCache {

    private final JdbcTemplate jdbc;
    private final EntityManager entities;
    /** One build at a time: after a change a thousand polls would otherwise each build the same snapshot. */
    private final Object building = new Object();

    private volatile Snapshot last;

    ProgrammeCache(JdbcTemplate jdbc, EntityManager entities) {
        this.jdbc = jdbc;
        this.entities = entities;
    }

    private record Snapshot(String token, Programmes.Live live) {}

    /**
     * The committed programme as this transaction reads it: the snapshot held for the current token, or one built
     * now (and kept) when the token moved. Read inside a transaction that changed nothing in the programme.
     */
    Programmes.Live committed(Supplier<Programmes.Live> build) {
        String token = token();
        Snapshot held = last;
        if (held != null && held.token().equals(token)) {
            return held.live();
        }
        synchronized (building) {
            held = last;
            if (held != null && held.token().equals(token)) {
                return held.live();
            }
            Programmes.Live live = build.get();
            last = new Snapshot(token, live);
            return live;
        }
    }

    /** The snapshot held for the current token, if any, without building one. */
    Programmes.Live heldForCurrentToken() {
        Snapshot held = last;
        return held != null && held.token().equals(token()) ? held.live() : null;
    }

    /** The broadcasts this transaction changed (an empty set when it changed none, or when there is none). */
    Set<UUID> changedHere() {
        Changes changes = current();
        return changes == null ? Set.of() : Set.copyOf(changes.broadcasts);
    }

    /**
     * Records that this transaction changed a broadcast (its row, its targets or its offers): the token moves when
     * it commits, and until then its own reads of the programme see the change. Call before publishing the change.
     */
    void changed(UUID broadcastId, Overlay overlay) {
        Changes changes = changes(overlay);
        if (changes != null) {
            changes.broadcasts.add(broadcastId);
        }
    }

    /**
     * Records that this transaction changed what every broadcast may depend on (an area's time zone): its reads
     * build the programme from its own rows, and every node builds it again once it commits.
     */
    void changedAll(Overlay overlay) {
        Changes changes = changes(overlay);
        if (changes != null) {
            changes.everything = true;
        }
    }

    /** Whether this transaction changed what every broadcast may depend on. */
    boolean changedAllHere() {
        Changes changes = current();
        return changes != null && changes.everything;
    }

    private Changes changes(Overlay overlay) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            move(); // no transaction around it: each statement commits on its own
            return null;
        }
        Changes changes = current();
        if (changes == null) {
            changes = new Changes(overlay);
            TransactionSynchronizationManager.registerSynchronization(changes);
        }
        return changes;
    }

    /** The committed programme with some broadcasts read again in the current transaction. */
    interface Overlay {
        Programmes.Live apply(Programmes.Live committed, Set<UUID> changed);
    }

    /** Moves the token now, in the caller's transaction (rows written outside the broadcast services: a bench). */
    void move() {
        move(UUID.randomUUID().toString());
    }

    /** Writes this token and answers the one it replaced (as the database overwrote it, after any wait). */
    private String move(String token) {
        jdbc.update("update programme_token set previous = token, token = ? where id = 1", token);
        return jdbc.queryForObject("select previous from programme_token where id = 1", String.class);
    }

    String token() {
        return jdbc.queryForObject("select token from programme_token where id = 1", String.class);
    }

    /** Forgets the snapshot (a test's world changed under it, or memory must be given back). */
    void forget() {
        last = null;
    }

    private static Changes current() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return null;
        }
        // Only this transaction's synchronisations are listed: a suspended outer transaction's are not.
        for (TransactionSynchronization synchronization : TransactionSynchronizationManager.getSynchronizations()) {
            if (synchronization instanceof Changes changes) {
                return changes;
            }
        }
        return null;
    }

    /**
     * What one transaction changed; moves the token as the last write before the commit. When the token it replaces
     * is the one of the snapshot held here, no other change came between: the new programme is that snapshot with
     * this transaction's broadcasts read again, kept for the new token once committed (no node-wide rebuild on the
     * node that made the change; the others build it at their next read).
     */
    private final class Changes implements TransactionSynchronization {

        final Set<UUID> broadcasts = new LinkedHashSet<>();
        final Overlay overlay;
        boolean everything;
        Snapshot following;

        Changes(Overlay overlay) {
            this.overlay = overlay;
        }

        @Override
        public void beforeCommit(boolean readOnly) {
            // The rows first, the token last: every transaction takes the token's row lock as its final write, so
            // two of them changing the same broadcast cannot wait on each other in opposite orders.
            try {
                entities.flush();
            } catch (RuntimeException e) {
                // Said the way the commit's own flush would say it (a lost race is an OptimisticLockingFailure,
                // which callers such as the emergency's settle expect), not as the raw JPA exception.
                DataAccessException translated = EntityManagerFactoryUtils.convertJpaAccessExceptionIfPossible(e);
                throw translated != null ? translated : e;
            }
            Snapshot held = last;
            String token = UUID.randomUUID().toString();
            String replaced = move(token);
            if (!everything && held != null && held.token().equals(replaced)) {
                following = new Snapshot(token, overlay.apply(held.live(), broadcasts));
            }
        }

        @Override
        public void afterCommit() {
            if (following != null) {
                last = following;
            }
        }
    }
}
