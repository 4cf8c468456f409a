package org.openloa.cms.bulletin;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.openloa.cms.problem.ProblemException;
import org.openloa.cms.problem.RefusalKind;
import org.openloa.cms.problem.Text;
import org.openloa.scheduler.broadcast.Priority;

/**
 * A bulletin and its workflow. Each transition refuses an illegal move with a 409 and records itself;
 * the service saves the history entries and publishes the events collected here.
 */
@Entity
@Table(name = "bulletin")
public class Bulletin {

    /** The longest reason kept with a workflow step (the history column holds 2000). */
    static final int MAX_REASON = 2000;

    @Id
    private UUID id;

    @Column(name = "lineage_id")
    private UUID lineageId;

    private int revision;

    @Column(name = "area_id")
    private UUID areaId;

    @Column(name = "area_path")
    private String areaPath;

    private String title;
    private String category;
    private String body;

    @Enumerated(EnumType.STRING)
    private Priority priority;

    @Column(name = "valid_from")
    private Instant validFrom;

    @Column(name = "valid_until")
    private Instant validUntil;

    @Enumerated(EnumType.STRING)
    private BulletinStatus status;

    @Column(name = "author_id")
    private UUID authorId;

    @Column(name = "author_username")
    private String authorUsername;

    @Column(name = "audio_asset_id")
    private UUID audioAssetId;

    @Column(name = "original_asset_id")
    private UUID originalAssetId;

    @Column(name = "search_text")
    private String searchText;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "updated_at")
    private Instant updatedAt;

    @Version
    private long version;

    @Transient
    private final List<BulletinEvent> history = new ArrayList<>();

    @Transient
    private final List<Object> events = new ArrayList<>();

    protected Bulletin() {}

    Bulletin(UUID areaId, String areaPath, BulletinContent content, UUID authorId, String author, Instant now) {
        this.id = UUID.randomUUID();
        this.lineageId = id;
        this.revision = 1;
        this.areaId = areaId;
        this.areaPath = areaPath;
        this.status = BulletinStatus.DRAFT;
        this.authorId = authorId;
        this.authorUsername = author;
        this.createdAt = now;
        apply(content, now);
        record(now, author, "CREATED", null);
    }

    /** A new draft revision of an approved bulletin, keeping its audio until new audio replaces it. */
    Bulletin revise(UUID authorId, String author, Instant now) {
        if (status != BulletinStatus.APPROVED && status != BulletinStatus.ARCHIVED) {
            throw conflict("bulletin.not-revisable");
        }
        Bulletin next = new Bulletin();
        next.id = UUID.randomUUID();
        next.lineageId = lineageId;
        next.revision = revision + 1;
        next.areaId = areaId;
        next.areaPath = areaPath;
        next.status = BulletinStatus.DRAFT;
        next.authorId = authorId;
        next.authorUsername = author;
        next.createdAt = now;
        next.audioAssetId = audioAssetId;
        next.originalAssetId = originalAssetId;
        next.apply(new BulletinContent(title, category, body, priority, validFrom, validUntil), now);
        next.record(now, author, "REVISED", "from revision " + revision);
        return next;
    }

    void edit(BulletinContent content, String actor, Instant now) {
        requireEditable();
        apply(content, now);
        if (status == BulletinStatus.REJECTED) {
            status = BulletinStatus.DRAFT;
        }
        record(now, actor, "EDITED", null);
    }

    void attachAudio(UUID deliveryAssetId, UUID originalAssetId, String actor, Instant now) {
        requireEditable();
        this.audioAssetId = deliveryAssetId;
        this.originalAssetId = originalAssetId;
        this.updatedAt = now;
        record(now, actor, "AUDIO_ATTACHED", null);
        events.add(new BulletinAudioAttached(id));
    }

    /**
     * The emergency path: approved without a second person, as soon as it has audio. The step is recorded with
     * why (the emergency), and the audit log has who raised it.
     */
    void approveUnreviewed(String actor, String why, Instant now) {
        if (status != BulletinStatus.DRAFT) {
            throw conflict("bulletin.not-submittable");
        }
        if (audioAssetId == null) {
            throw ProblemException.rule("bulletin-has-no-audio", "audio", "bulletin.no-audio");
        }
        status = BulletinStatus.APPROVED;
        updatedAt = now;
        record(now, actor, "APPROVED", why);
        events.add(new BulletinApproved(id, areaId, priority));
    }

    void submit(String actor, Instant now) {
        if (status != BulletinStatus.DRAFT && status != BulletinStatus.REJECTED) {
            throw conflict("bulletin.not-submittable");
        }
        if (audioAssetId == null) {
            throw ProblemException.rule("bulletin-has-no-audio", "audio", "bulletin.no-audio");
        }
        status = BulletinStatus.SUBMITTED;
        updatedAt = now;
        record(now, actor, "SUBMITTED", null);
        events.add(new BulletinSubmitted(id, areaId, areaPath, authorId, title));
    }

    void approve(UUID approverId, String actor, Instant now) {
        if (status != BulletinStatus.SUBMITTED) {
            throw conflict("bulletin.not-submitted");
        }
        if (approverId.equals(authorId)) {
            throw new ProblemException(RefusalKind.FORBIDDEN, "own-bulletin", "bulletin.own-bulletin");
        }
        status = BulletinStatus.APPROVED;
        updatedAt = now;
        record(now, actor, "APPROVED", null);
        events.add(new BulletinApproved(id, areaId, priority));
        events.add(new BulletinReviewed(id, areaId, areaPath, authorId, title, true, null, actor));
    }

    void reject(UUID approverId, String actor, String reason, Instant now) {
        reason = Text.note(reason, "reason", MAX_REASON);
        if (reason == null || reason.isBlank()) {
            throw ProblemException.rule("reason-required", "reason", "bulletin.reason-required");
        }
        if (status != BulletinStatus.SUBMITTED) {
            throw conflict("bulletin.not-submitted");
        }
        if (approverId.equals(authorId)) {
            throw new ProblemException(RefusalKind.FORBIDDEN, "own-bulletin", "bulletin.own-bulletin");
        }
        status = BulletinStatus.REJECTED;
        updatedAt = now;
        record(now, actor, "REJECTED", reason.strip());
        events.add(new BulletinReviewed(id, areaId, areaPath, authorId, title, false, reason.strip(), actor));
    }

    /** Submitted and waiting for a decision, which its author may not take. */
    public boolean decidableBy(UUID approverId) {
        return status == BulletinStatus.SUBMITTED && !approverId.equals(authorId);
    }

    /** Not archived yet, and not waiting for a decision. */
    public boolean archivable() {
        return status != BulletinStatus.ARCHIVED && status != BulletinStatus.SUBMITTED;
    }

    void archive(String actor, Instant now) {
        if (!archivable()) {
            throw conflict("bulletin.not-archivable");
        }
        status = BulletinStatus.ARCHIVED;
        updatedAt = now;
        record(now, actor, "ARCHIVED", null);
        events.add(new BulletinArchived(id));
    }

    void requireDeletable() {
        if (status != BulletinStatus.DRAFT) {
            throw conflict("bulletin.not-deletable");
        }
    }

    void requireEditable() {
        if (status != BulletinStatus.DRAFT && status != BulletinStatus.REJECTED) {
            throw conflict(status == BulletinStatus.APPROVED ? "bulletin.approved-revise" : "bulletin.not-editable");
        }
    }

    private void apply(BulletinContent content, Instant now) {
        this.title = content.title();
        this.category = content.category();
        this.body = content.body();
        this.priority = content.priority();
        this.validFrom = content.validFrom();
        this.validUntil = content.validUntil();
        this.searchText = SearchText.fold(title) + "\n" + SearchText.fold(body);
        this.updatedAt = now;
    }

    private void record(Instant at, String actor, String action, String reason) {
        history.add(new BulletinEvent(id, at, actor, action, reason));
    }

    private static ProblemException conflict(String key) {
        return ProblemException.conflict("bulletin-state", key);
    }

    List<BulletinEvent> takeHistory() {
        List<BulletinEvent> taken = List.copyOf(history);
        history.clear();
        return taken;
    }

    List<Object> takeEvents() {
        List<Object> taken = List.copyOf(events);
        events.clear();
        return taken;
    }

    public UUID id() {
        return id;
    }

    public UUID lineageId() {
        return lineageId;
    }

    public int revision() {
        return revision;
    }

    public UUID areaId() {
        return areaId;
    }

    public String areaPath() {
        return areaPath;
    }

    public String title() {
        return title;
    }

    public String category() {
        return category;
    }

    public String body() {
        return body;
    }

    public Priority priority() {
        return priority;
    }

    public Instant validFrom() {
        return validFrom;
    }

    public Instant validUntil() {
        return validUntil;
    }

    public BulletinStatus status() {
        return status;
    }

    public String authorUsername() {
        return authorUsername;
    }

    public UUID authorId() {
        return authorId;
    }

    public UUID audioAssetId() {
        return audioAssetId;
    }

    public UUID originalAssetId() {
        return originalAssetId;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public boolean editable() {
        return status == BulletinStatus.DRAFT || status == BulletinStatus.REJECTED;
    }
}
