package org.openloa.cms.relay;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.openloa.cms.access.Caller;
import org.openloa.cms.area.Area;
import org.openloa.cms.area.AreaService;
import org.openloa.cms.audit.AuditLog;
import org.openloa.cms.bulletin.Bulletin;
import org.openloa.cms.bulletin.BulletinService;
import org.openloa.cms.bulletin.BulletinStatus;
import org.openloa.cms.device.DeviceService;
import org.openloa.cms.problem.ProblemException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The area's fallback bulletin (bản tin dự phòng): what its boxes loop while a relay's source is lost or silent,
 * instead of dead air. An ADMIN or OPERATOR of the area picks an approved bulletin with audio; an area without a
 * choice of its own uses the nearest area above it that has one (a province's choice covers its communes until a
 * commune picks its own). Without any, the box plays a short tone.
 *
 * <p>The choice keeps the bulletin's audio asset, so what was chosen is what plays even after the bulletin is
 * revised or archived. Each change moves the plan version of the boxes under the area, which fetch the new audio
 * with their next manifest.
 */
@Service
@Transactional
public class RelayFallbackService {

    private final JdbcTemplate jdbc;
    private final AreaService areas;
    private final BulletinService bulletins;
    private final DeviceService devices;
    private final ManifestRenewals renewals;
    private final AuditLog audit;
    private final Clock clock;

    RelayFallbackService(
            JdbcTemplate jdbc,
            AreaService areas,
            BulletinService bulletins,
            DeviceService devices,
            ManifestRenewals renewals,
            AuditLog audit,
            Clock clock) {
        this.jdbc = jdbc;
        this.areas = areas;
        this.bulletins = bulletins;
        this.devices = devices;
        this.renewals = renewals;
        this.audit = audit;
        this.clock = clock;
    }

    /** A choice: whose it is, and what. */
    public record Choice(
            UUID areaId, UUID bulletinId, UUID audioAssetId, String title, String chosenBy, Instant chosenAt) {}

    /**
     * What the area's boxes fall back on: its own choice, else the nearest above it.
     *
     * @param own       the area's own choice, if any
     * @param effective what applies (own, or inherited from {@link Choice#areaId()} above)
     */
    public record Fallback(Optional<Choice> own, Optional<Choice> effective) {}

    @Transactional(readOnly = true)
    public Fallback of(Caller caller, UUID areaId) {
        Area area = areas.get(caller, areaId);
        Optional<Choice> own = row(area.id());
        return new Fallback(own, own.isPresent() ? own : nearest(area.path()));
    }

    /** Whether the caller may pick the area's fallback: an ADMIN or OPERATOR reaching it (what the pages offer). */
    public static boolean mayChoose(Caller caller, Area area) {
        return caller.mayOperate(area.path());
    }

    public Choice choose(Caller caller, UUID areaId, UUID bulletinId) {
        Area area = areas.get(caller, areaId);
        if (!mayChoose(caller, area)) {
            throw ProblemException.forbidden();
        }
        if (area.retired()) {
            throw ProblemException.rule("area-retired", "areaId", "relay.area-retired", area.name());
        }
        if (bulletinId == null) {
            throw ProblemException.rule("fallback-bulletin-required", "bulletinId", "relay.fallback.required");
        }
        Bulletin bulletin;
        try {
            bulletin = bulletins.get(caller, bulletinId);
        } catch (ProblemException notFound) {
            throw ProblemException.rule("fallback-bulletin-unknown", "bulletinId", "relay.fallback.unknown");
        }
        if (bulletin.status() != BulletinStatus.APPROVED || bulletin.audioAssetId() == null) {
            throw ProblemException.rule("fallback-bulletin-not-approved", "bulletinId", "relay.fallback.not-approved");
        }
        Instant now = clock.instant();
        jdbc.update("delete from relay_fallback where area_id = ?", area.id());
        jdbc.update(
                "insert into relay_fallback (area_id, bulletin_id, audio_asset_id, title, chosen_by, chosen_at)"
                        + " values (?, ?, ?, ?, ?, ?)",
                area.id(),
                bulletin.id(),
                bulletin.audioAssetId(),
                clip(bulletin.title()),
                caller.username(),
                Timestamp.from(now));
        audit.record("RELAY_FALLBACK_SET", "area", area.id().toString(), area.path(), bulletin.title());
        boxesUnder(area, "relay fallback of " + area.name() + " set");
        return row(area.id()).orElseThrow();
    }

    public void clear(Caller caller, UUID areaId) {
        Area area = areas.get(caller, areaId);
        if (!mayChoose(caller, area)) {
            throw ProblemException.forbidden();
        }
        if (jdbc.update("delete from relay_fallback where area_id = ?", area.id()) > 0) {
            audit.record("RELAY_FALLBACK_CLEARED", "area", area.id().toString(), area.path(), area.name());
            boxesUnder(area, "relay fallback of " + area.name() + " cleared");
        }
    }

    /**
     * The fallback audio (a media id of the manifest) for a box in the area at {@code areaPath}: the nearest choice
     * at or above it. Read for every manifest built with a relay in it; the table holds one row per area at most.
     */
    @Transactional(readOnly = true)
    public Optional<UUID> audioFor(String areaPath) {
        return nearest(areaPath).map(Choice::audioAssetId);
    }

    private Optional<Choice> nearest(String path) {
        return jdbc
                .query(
                        "select area_id, bulletin_id, audio_asset_id, title, chosen_by, chosen_at from relay_fallback",
                        (rs, i) -> choice(rs))
                .stream()
                .map(c -> areas.find(c.areaId()).map(a -> new Object[] {a.path(), c}))
                .flatMap(Optional::stream)
                .filter(pair -> path.startsWith((String) pair[0]))
                .max(Comparator.comparingInt(pair -> ((String) pair[0]).length()))
                .map(pair -> (Choice) pair[1]);
    }

    private Optional<Choice> row(UUID areaId) {
        List<Choice> rows = jdbc.query(
                "select area_id, bulletin_id, audio_asset_id, title, chosen_by, chosen_at from relay_fallback"
                        + " where area_id = ?",
                (rs, i) -> choice(rs),
                areaId);
        return rows.stream().findFirst();
    }

    private static Choice choice(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Choice(
                rs.getObject(1, UUID.class),
                rs.getObject(2, UUID.class),
                rs.getObject(3, UUID.class),
                rs.getString(4),
                rs.getString(5),
                rs.getTimestamp(6).toInstant());
    }

    /** The boxes under the area get a new manifest (and a wake-up) carrying the new fallback. */
    private void boxesUnder(Area area, String reason) {
        renewals.renew(devices.namesUnder(area.path()).keySet(), reason);
    }

    private static String clip(String text) {
        return text.length() > 500 ? text.substring(0, 500) : text;
    }
}
