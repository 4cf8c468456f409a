package org.openloa.cms.audit;

import jakarta.persistence.criteria.Predicate;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.openloa.cms.access.Caller;
import org.openloa.cms.access.CurrentCaller;
import org.openloa.cms.access.Role;
import org.openloa.cms.problem.ProblemException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Records what happened, in the transaction of the change itself: no change without its record. */
@Service
public class AuditLog {

    private final AuditEvents events;
    private final Clock clock;
    private final RefusalLimit refusals;

    AuditLog(AuditEvents events, Clock clock) {
        this.events = events;
        this.clock = clock;
        this.refusals = new RefusalLimit(clock);
    }

    /** A change made by the current caller. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(String action, String targetType, String targetId, String areaPath, String detail) {
        String actor = CurrentCaller.find().map(Caller::username).orElse(null);
        events.save(new AuditEvent(
                clock.instant(), actor, action, targetType, targetId, areaPath, detail, ClientAddress.current()));
    }

    /** An event outside a change, such as a login attempt: in a transaction of its own. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void recordAlone(String actor, String action, String areaPath, String detail, String remoteAddress) {
        events.save(new AuditEvent(
                clock.instant(),
                actor,
                action,
                "user",
                null,
                areaPath,
                detail,
                remoteAddress == null ? ClientAddress.current() : remoteAddress));
    }

    /**
     * A refused request (403, a 404 hiding what lies outside the caller's area, a failed enrolment), in a
     * transaction of its own; at most {@value RefusalLimit#PER_MINUTE} a minute per caller and address, then
     * one REFUSALS_SUPPRESSED record for the rest of that minute.
     *
     * @param actor   the user name, or null for an anonymous caller such as a box enrolling
     * @param address the client address as the server sees it
     */
    // Outside any transaction, so a dropped refusal costs no connection and a recorded one outlives a rollback.
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    public void recordRefusal(String actor, String action, String areaPath, String detail, String address) {
        switch (refusals.next(actor, address)) {
            case RECORD ->
                events.save(new AuditEvent(clock.instant(), actor, action, null, null, areaPath, detail, address));
            case SUMMARISE ->
                events.save(new AuditEvent(
                        clock.instant(),
                        actor,
                        "REFUSALS_SUPPRESSED",
                        null,
                        null,
                        areaPath,
                        "more than " + RefusalLimit.PER_MINUTE
                                + " refusals within a minute; the rest of this minute's are not recorded",
                        address));
            case DROP -> {}
        }
    }

    @Transactional(readOnly = true)
    public Page<AuditEvent> search(Caller caller, AuditQuery query) {
        if (!caller.has(Role.ADMIN)) {
            throw ProblemException.forbidden();
        }
        Instant to = query.to() == null ? clock.instant().plus(1, ChronoUnit.MINUTES) : query.to();
        Instant from = query.from() == null ? to.minus(3650, ChronoUnit.DAYS) : query.from();
        return events.findAll(
                matching(caller.scopePath(), blankToNull(query.actor()), blankToNull(query.action()), from, to),
                PageRequest.of(
                        Math.max(0, query.page()),
                        Math.min(Math.max(1, query.size()), 500),
                        Sort.by(Sort.Direction.DESC, "at")));
    }

    @Transactional(readOnly = true)
    public long countToday(Caller caller) {
        return events.countSince(caller.scopePath(), clock.instant().minus(1, ChronoUnit.DAYS));
    }

    /**
     * Events within a subtree; events with no area (failed logins of unknown names) only for the national
     * level. Built as criteria so absent filters are left out rather than bound as untyped nulls.
     */
    private static Specification<AuditEvent> matching(
            String scope, String actor, String action, Instant from, Instant to) {
        return (root, q, cb) -> {
            List<Predicate> where = new ArrayList<>();
            Predicate inScope = cb.like(root.get("areaPath"), scope + "%");
            where.add(Caller.NATIONAL_SCOPE.equals(scope) ? cb.or(inScope, cb.isNull(root.get("areaPath"))) : inScope);
            if (actor != null) {
                where.add(cb.equal(cb.lower(root.get("actor")), actor.toLowerCase(Locale.ROOT)));
            }
            if (action != null) {
                where.add(cb.equal(root.get("action"), action));
            }
            where.add(cb.greaterThanOrEqualTo(root.get("at"), from));
            where.add(cb.lessThan(root.get("at"), to));
            return cb.and(where.toArray(Predicate[]::new));
        };
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** Filters for reading the log; null means any. */
    public record AuditQuery(String actor, String action, Instant from, Instant to, int page, int size) {}
}
