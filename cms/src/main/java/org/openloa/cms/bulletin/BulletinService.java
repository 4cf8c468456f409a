package org.openloa.cms.bulletin;

import jakarta.persistence.criteria.Predicate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.openloa.cms.access.Caller;
import org.openloa.cms.access.ListPage;
import org.openloa.cms.access.Role;
import org.openloa.cms.area.Area;
import org.openloa.cms.area.AreaService;
import org.openloa.cms.audit.AuditLog;
import org.openloa.cms.problem.ProblemException;
import org.openloa.cms.problem.Text;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Bulletins within the caller's subtree and their workflow; rights by role, reach by area. */
@Service
@Transactional
public class BulletinService {

    private final Bulletins bulletins;
    private final BulletinEvents history;
    private final BulletinCategories categories;
    private final AreaService areas;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    BulletinService(
            Bulletins bulletins,
            BulletinEvents history,
            BulletinCategories categories,
            AreaService areas,
            AuditLog audit,
            ApplicationEventPublisher events,
            Clock clock) {
        this.bulletins = bulletins;
        this.history = history;
        this.categories = categories;
        this.areas = areas;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<BulletinCategory> categories() {
        return categories.findByActiveTrueOrderByPosition();
    }

    /** Adds or changes a category; the list is national, so only national administrators keep it. */
    public BulletinCategory saveCategory(
            Caller caller, String code, String nameVi, String nameEn, Integer position, Boolean active) {
        if (!caller.has(Role.ADMIN) || !caller.isNational()) {
            throw ProblemException.forbidden();
        }
        if (code == null || !code.matches("[a-z0-9-]{1,64}")) {
            throw ProblemException.rule("invalid-category-code", "code", "bulletin.invalid-category-code");
        }
        nameVi = Text.clean(nameVi, "nameVi");
        nameEn = Text.clean(nameEn, "nameEn");
        if (nameVi == null || nameVi.isBlank() || nameEn == null || nameEn.isBlank()) {
            throw ProblemException.rule("invalid-category-name", "nameVi", "bulletin.invalid-category-name");
        }
        BulletinCategory category = categories.findById(code).orElse(null);
        int order = position == null ? (category == null ? 100 : category.position()) : position;
        if (category == null) {
            category = categories.save(new BulletinCategory(code, nameVi.strip(), nameEn.strip(), order));
        }
        category.rename(nameVi.strip(), nameEn.strip(), order, active == null || active);
        audit.record("CATEGORY_SAVED", "category", code, Caller.NATIONAL_SCOPE, nameVi.strip());
        return category;
    }

    @Transactional(readOnly = true)
    public Bulletin get(Caller caller, UUID id) {
        return bulletins
                .findById(id)
                .filter(b -> caller.reaches(b.areaPath()))
                .orElseThrow(() -> ProblemException.notFound("bulletin"));
    }

    @Transactional(readOnly = true)
    public List<BulletinEvent> history(Caller caller, UUID id) {
        Bulletin bulletin = get(caller, id);
        List<BulletinEvent> all = new ArrayList<>();
        // The history of a revision includes the revisions before it: who approved what the editor started from.
        for (Bulletin revision : bulletins.findByLineageIdOrderByRevisionDesc(bulletin.lineageId())) {
            if (revision.revision() <= bulletin.revision()) {
                all.addAll(history.findByBulletinIdOrderByAtAsc(revision.id()));
            }
        }
        all.sort((a, b) -> a.at().compareTo(b.at()));
        return all;
    }

    @Transactional(readOnly = true)
    public Page<Bulletin> search(Caller caller, BulletinQuery query) {
        String scope = query.areaId() == null
                ? caller.scopePath()
                : areas.get(caller, query.areaId()).path();
        return bulletins.findAll(
                matching(scope, query),
                new ListPage(query.page(), query.size()).sortedBy(Sort.by(Sort.Direction.DESC, "updatedAt")));
    }

    /**
     * The caller's bulletin tasks (the dashboard): bulletins in the caller's areas of one status, newest change
     * first, written by the caller ({@code mine}) or by someone else; the page's total is the count.
     */
    @Transactional(readOnly = true)
    public Page<Bulletin> ofAuthor(Caller caller, BulletinStatus status, boolean mine, int size) {
        BulletinQuery query = new BulletinQuery(null, status, null, null, null, null, 0, size);
        Specification<Bulletin> author = (root, q, cb) -> mine
                ? cb.equal(root.get("authorId"), caller.userId())
                : cb.or(cb.isNull(root.get("authorId")), cb.notEqual(root.get("authorId"), caller.userId()));
        return bulletins.findAll(
                matching(caller.scopePath(), query).and(author),
                PageRequest.of(0, Math.min(Math.max(1, size), 50), Sort.by(Sort.Direction.DESC, "updatedAt")));
    }

    @Transactional(readOnly = true)
    public long countInScope(Caller caller, BulletinStatus status) {
        return bulletins.countInScope(caller.scopePath(), status);
    }

    /**
     * Approved bulletins whose validity ended at or before {@code until}: those the expiry sweep archives when
     * their own trigger never fired. Ids only, without regard to any caller's reach.
     */
    @Transactional(readOnly = true)
    public List<UUID> approvedEndedBy(Instant until) {
        return bulletins.findIdsByStatusValidUntil(BulletinStatus.APPROVED, until);
    }

    public Bulletin create(Caller caller, UUID areaId, BulletinContent content) {
        require(caller, Role.EDITOR);
        Area area = areas.get(caller, areaId == null ? ownArea(caller) : areaId);
        checkCategory(content.category());
        Bulletin bulletin =
                new Bulletin(area.id(), area.path(), content, caller.userId(), caller.username(), clock.instant());
        save(bulletin);
        audit.record("BULLETIN_CREATED", "bulletin", bulletin.id().toString(), bulletin.areaPath(), bulletin.title());
        return bulletin;
    }

    /**
     * The emergency path: a bulletin an OPERATOR or ADMIN makes for an emergency they raise, outside the editorial
     * queue. It stays a draft until its audio is attached, then {@link #approveForEmergency} approves it; it is
     * kept (archived) as the record of what aired. Audited like any other bulletin.
     */
    public Bulletin createForEmergency(Caller caller, UUID areaId, BulletinContent content) {
        if (!caller.mayOperate()) {
            throw ProblemException.forbidden();
        }
        Area area = areas.get(caller, areaId);
        checkCategory(content.category());
        Bulletin bulletin =
                new Bulletin(area.id(), area.path(), content, caller.userId(), caller.username(), clock.instant());
        save(bulletin);
        audit.record(
                "BULLETIN_CREATED",
                "bulletin",
                bulletin.id().toString(),
                bulletin.areaPath(),
                "emergency: " + bulletin.title());
        return bulletin;
    }

    /** Approves an emergency's bulletin once it has audio: no second person on this path (see the audit log). */
    public Bulletin approveForEmergency(UUID id, String actor, String emergency) {
        Bulletin bulletin = bulletins.findById(id).orElseThrow(() -> ProblemException.notFound("bulletin"));
        if (bulletin.status() == BulletinStatus.APPROVED) {
            return bulletin;
        }
        return transition(
                bulletin,
                b -> b.approveUnreviewed(actor, "emergency " + emergency, clock.instant()),
                "BULLETIN_APPROVED");
    }

    /**
     * The recording of a live session (docs/live.md): approved by nature, with no second person, because it is
     * what already went out on the loudspeakers; the history and the audit log say which session it was.
     */
    public Bulletin approveAsAired(UUID id, String actor, String what) {
        Bulletin bulletin = bulletins.findById(id).orElseThrow(() -> ProblemException.notFound("bulletin"));
        if (bulletin.status() == BulletinStatus.APPROVED) {
            return bulletin;
        }
        return transition(bulletin, b -> b.approveUnreviewed(actor, what, clock.instant()), "BULLETIN_APPROVED");
    }

    /**
     * The {@code demo} profile's sample bulletins: approved by the system once their audio is made, with no second
     * person (like {@link #approveForEmergency}); the history and the audit log say why.
     */
    public Bulletin approveForDemo(UUID id, String actor) {
        Bulletin bulletin = bulletins.findById(id).orElseThrow(() -> ProblemException.notFound("bulletin"));
        if (bulletin.status() == BulletinStatus.APPROVED) {
            return bulletin;
        }
        return transition(bulletin, b -> b.approveUnreviewed(actor, "demo data", clock.instant()), "BULLETIN_APPROVED");
    }

    /**
     * The exchange between levels: a bulletin an upstream OpenLoa instance approved, received with its audio (already
     * stored as {@code deliveryAssetId}) into the area this instance serves. It is approved at once, without a
     * second person here: the upstream's approval stands, and the history records where it came from
     * ({@code origin}). An unknown category is kept as the first active one here (categories are each instance's).
     */
    public Bulletin receive(UUID areaId, BulletinContent content, UUID deliveryAssetId, String origin) {
        Area area = areas.find(areaId).orElseThrow(() -> ProblemException.notFound("area"));
        BulletinContent kept = content;
        if (categories
                .findById(content.category())
                .filter(BulletinCategory::active)
                .isEmpty()) {
            String fallback = categories().stream()
                    .filter(BulletinCategory::active)
                    .map(BulletinCategory::code)
                    .findFirst()
                    .orElseThrow(() -> ProblemException.rule(
                            "invalid-category", "category", "bulletin.invalid-category", content.category()));
            kept = new BulletinContent(
                    content.title(),
                    fallback,
                    content.body(),
                    content.priority(),
                    content.validFrom(),
                    content.validUntil());
        }
        Bulletin bulletin =
                new Bulletin(area.id(), area.path(), kept, Caller.system().userId(), "upstream", clock.instant());
        bulletin.attachAudio(deliveryAssetId, null, "upstream", clock.instant());
        bulletin.approveUnreviewed("upstream", origin, clock.instant());
        save(bulletin);
        audit.record("BULLETIN_APPROVED", "bulletin", bulletin.id().toString(), bulletin.areaPath(), origin);
        return bulletin;
    }

    /** Keeps an emergency's bulletin as the record of what aired, once the emergency no longer airs it. */
    public void archiveForEmergency(UUID id, String actor) {
        Bulletin bulletin = bulletins.findById(id).orElse(null);
        if (bulletin != null && bulletin.archivable()) {
            transition(bulletin, b -> b.archive(actor, clock.instant()), "BULLETIN_ARCHIVED");
        }
    }

    /** Changes a draft; an approved bulletin is never changed: a new revision in draft is made instead. */
    public Bulletin edit(Caller caller, UUID id, BulletinContent content) {
        require(caller, Role.EDITOR);
        Bulletin bulletin = get(caller, id);
        checkCategory(content.category());
        if (bulletin.status() == BulletinStatus.APPROVED) {
            Bulletin next = bulletin.revise(caller.userId(), caller.username(), clock.instant());
            next.edit(content, caller.username(), clock.instant());
            save(next);
            audit.record(
                    "BULLETIN_REVISED",
                    "bulletin",
                    next.id().toString(),
                    next.areaPath(),
                    next.title() + " r" + next.revision());
            return next;
        }
        bulletin.edit(content, caller.username(), clock.instant());
        save(bulletin);
        audit.record("BULLETIN_EDITED", "bulletin", bulletin.id().toString(), bulletin.areaPath(), bulletin.title());
        return bulletin;
    }

    public Bulletin revise(Caller caller, UUID id) {
        require(caller, Role.EDITOR);
        Bulletin next = get(caller, id).revise(caller.userId(), caller.username(), clock.instant());
        save(next);
        audit.record(
                "BULLETIN_REVISED",
                "bulletin",
                next.id().toString(),
                next.areaPath(),
                next.title() + " r" + next.revision());
        return next;
    }

    public void delete(Caller caller, UUID id) {
        require(caller, Role.EDITOR);
        Bulletin bulletin = get(caller, id);
        bulletin.requireDeletable();
        bulletins.delete(bulletin);
        audit.record("BULLETIN_DELETED", "bulletin", bulletin.id().toString(), bulletin.areaPath(), bulletin.title());
    }

    public Bulletin submit(Caller caller, UUID id) {
        require(caller, Role.EDITOR);
        return transition(get(caller, id), b -> b.submit(caller.username(), clock.instant()), "BULLETIN_SUBMITTED");
    }

    public Bulletin approve(Caller caller, UUID id) {
        require(caller, Role.APPROVER);
        return transition(
                get(caller, id),
                b -> b.approve(caller.userId(), caller.username(), clock.instant()),
                "BULLETIN_APPROVED");
    }

    public Bulletin reject(Caller caller, UUID id, String reason) {
        require(caller, Role.APPROVER);
        Bulletin bulletin = transition(
                get(caller, id),
                b -> b.reject(caller.userId(), caller.username(), reason, clock.instant()),
                "BULLETIN_REJECTED");
        return bulletin;
    }

    /** Whether the caller's roles let them decide on this bulletin now (what the page offers). */
    public static boolean canDecide(Caller caller, Bulletin bulletin) {
        return caller.has(Role.APPROVER) && bulletin.decidableBy(caller.userId());
    }

    /** Whether the caller's roles let them archive this bulletin now (what the page offers). */
    public static boolean canArchive(Caller caller, Bulletin bulletin) {
        return archivesBulletins(caller) && bulletin.archivable();
    }

    private static boolean archivesBulletins(Caller caller) {
        return caller.has(Role.EDITOR) || caller.has(Role.APPROVER) || caller.has(Role.ADMIN);
    }

    public Bulletin archive(Caller caller, UUID id) {
        if (!archivesBulletins(caller)) {
            throw ProblemException.forbidden();
        }
        return transition(get(caller, id), b -> b.archive(caller.username(), clock.instant()), "BULLETIN_ARCHIVED");
    }

    /** Checks that the caller may give this bulletin new audio now, before any work is done. */
    @Transactional(readOnly = true)
    public Bulletin requireAudioEditable(Caller caller, UUID id) {
        require(caller, Role.EDITOR);
        Bulletin bulletin = get(caller, id);
        bulletin.requireEditable();
        return bulletin;
    }

    /** Attaches processed audio; called when processing ends, possibly long after the request. */
    public void attachAudio(UUID bulletinId, UUID deliveryAssetId, UUID originalAssetId, String actor) {
        Bulletin bulletin = bulletins.findById(bulletinId).orElseThrow(() -> ProblemException.notFound("bulletin"));
        bulletin.attachAudio(deliveryAssetId, originalAssetId, actor, clock.instant());
        save(bulletin);
    }

    private Bulletin transition(Bulletin bulletin, java.util.function.Consumer<Bulletin> step, String action) {
        step.accept(bulletin);
        save(bulletin);
        audit.record(action, "bulletin", bulletin.id().toString(), bulletin.areaPath(), bulletin.title());
        return bulletin;
    }

    private void save(Bulletin bulletin) {
        bulletins.save(bulletin);
        bulletin.takeHistory().forEach(history::save);
        bulletin.takeEvents().forEach(events::publishEvent);
    }

    private void checkCategory(String code) {
        if (categories.findById(code).filter(BulletinCategory::active).isEmpty()) {
            throw ProblemException.rule("invalid-category", "category", "bulletin.invalid-category", code);
        }
    }

    private static UUID ownArea(Caller caller) {
        if (caller.areaId() == null) {
            throw ProblemException.rule("area-required", "areaId", "bulletin.area-required");
        }
        return caller.areaId();
    }

    private static void require(Caller caller, Role role) {
        if (!caller.has(role)) {
            throw ProblemException.forbidden();
        }
    }

    private static Specification<Bulletin> matching(String scope, BulletinQuery query) {
        return (root, q, cb) -> {
            List<Predicate> where = new ArrayList<>();
            where.add(cb.like(root.get("areaPath"), scope + "%"));
            if (query.q() != null && !query.q().isBlank()) {
                Arrays.stream(SearchText.fold(query.q()).split(" "))
                        .filter(t -> !t.isBlank())
                        .forEach(term -> where.add(cb.like(root.get("searchText"), "%" + escape(term) + "%", '\\')));
            }
            if (query.status() != null) {
                where.add(cb.equal(root.get("status"), query.status()));
            }
            if (query.category() != null && !query.category().isBlank()) {
                where.add(cb.equal(root.get("category"), query.category()));
            }
            if (query.from() != null) {
                where.add(cb.greaterThanOrEqualTo(root.get("updatedAt"), query.from()));
            }
            if (query.to() != null) {
                where.add(cb.lessThan(root.get("updatedAt"), query.to()));
            }
            return cb.and(where.toArray(Predicate[]::new));
        };
    }

    private static String escape(String term) {
        return term.toLowerCase(Locale.ROOT)
                .replace("\\", "\\\\")
                .replace("%", "\\%")
                .replace("_", "\\_");
    }
}
