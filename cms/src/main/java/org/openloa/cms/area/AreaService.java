package org.openloa.cms.area;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.openloa.cms.access.Caller;
import org.openloa.cms.access.Role;
import org.openloa.cms.audit.AuditLog;
import org.openloa.cms.problem.ProblemException;
import org.openloa.cms.problem.Text;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reads and changes areas, always within the caller's subtree. */
@Service
@Transactional
public class AreaService {

    static final Pattern CODE = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    static final Pattern KIND = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

    private final Areas areas;
    private final AreaLevels levels;
    private final AuditLog audit;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    AreaService(Areas areas, AreaLevels levels, AuditLog audit, Clock clock, ApplicationEventPublisher events) {
        this.areas = areas;
        this.levels = levels;
        this.audit = audit;
        this.clock = clock;
        this.events = events;
    }

    /** The levels an area can be at, from the top. */
    @Transactional(readOnly = true)
    public List<AreaLevel> levels() {
        return levels.all();
    }

    /**
     * Adds a level (a national administrator's decision: a level is the same in every province). The code is
     * what the API and CSV imports name it by, the names what the pages show; it goes below the levels there are.
     */
    public AreaLevel addLevel(Caller caller, String code, String nameVi, String nameEn) {
        if (!caller.has(Role.ADMIN) || !caller.isNational()) {
            throw ProblemException.forbidden();
        }
        String checked = checkKindSyntax(code);
        if (levels.find(checked).isPresent()) {
            throw ProblemException.conflict("area-level-taken", "area.level.taken", checked);
        }
        String vi = checkLevelName(nameVi, "nameVi");
        String en = checkLevelName(nameEn, "nameEn");
        int position = levels.all().stream().mapToInt(AreaLevel::position).max().orElse(0) + 10;
        AreaLevel level = new AreaLevel(checked, vi, en, position);
        levels.add(level);
        audit.record("AREA_LEVEL_ADDED", "area-level", checked, Caller.NATIONAL_SCOPE, vi + " / " + en);
        return level;
    }

    /** The caller's subtree, parents before children, siblings by name. */
    @Transactional(readOnly = true)
    public List<Area> visibleTo(Caller caller) {
        return inTreeOrder(areas.findSubtree(caller.scopePath()));
    }

    /** The names of the caller's areas by id: how a page names the area a user, a bulletin or a device is in. */
    @Transactional(readOnly = true)
    public Map<UUID, String> namesVisibleTo(Caller caller) {
        return namesOf(visibleTo(caller));
    }

    /** The names of these areas by id, for a page that has read them already (as {@link #visibleTo} gives them). */
    public static Map<UUID, String> namesOf(Collection<Area> read) {
        Map<UUID, String> names = new HashMap<>();
        read.forEach(a -> names.put(a.id(), a.name()));
        return names;
    }

    /**
     * The area at {@code path} and every area under it, parents before children, in one query. For reads on
     * behalf of the system (a broadcast's zones, the communes under a target): no caller's reach applies.
     */
    @Transactional(readOnly = true)
    public List<Area> subtree(String path) {
        return inTreeOrder(areas.findSubtree(path));
    }

    /**
     * The deepest area of {@code kind} at or above {@code path} (the commune a village lies in), in one query
     * over the prefixes of the path.
     */
    @Transactional(readOnly = true)
    public Optional<Area> enclosing(String path, String kind) {
        return areas.findByPathInAndKind(pathsAboveOrAt(path), kind).stream()
                .max(Comparator.comparingInt(a -> a.path().length()));
    }

    /** "/p/c/" gives "/p/", "/p/c/": the paths of an area and of every area above it. */
    public static List<String> pathsAboveOrAt(String path) {
        List<String> paths = new ArrayList<>();
        int slash = path.indexOf('/', 1);
        while (slash > 0) {
            paths.add(path.substring(0, slash + 1));
            slash = path.indexOf('/', slash + 1);
        }
        if (paths.isEmpty()) {
            paths.add(path);
        }
        return paths;
    }

    /** The areas the caller may pick for something new or changed: their subtree without the retired ones. */
    @Transactional(readOnly = true)
    public List<AreaChoice> choicesFor(Caller caller) {
        return AreaChoice.of(
                visibleTo(caller).stream().filter(a -> !a.retired()).toList());
    }

    @Transactional(readOnly = true)
    public Area get(Caller caller, UUID id) {
        return areas.findById(id)
                .filter(a -> caller.reaches(a.path()))
                .orElseThrow(() -> ProblemException.notFound("area"));
    }

    @Transactional(readOnly = true)
    public Optional<Area> find(UUID id) {
        return areas.findById(id);
    }

    /**
     * The time zones of these areas (those that exist), read in batches of a thousand: a re-plan needs the zone
     * of every live broadcast's area, thousands at national scale, and one query per area cost most of a change.
     */
    @Transactional(readOnly = true)
    public Map<UUID, ZoneId> zones(Collection<UUID> ids) {
        List<UUID> all =
                ids.stream().filter(java.util.Objects::nonNull).distinct().toList();
        Map<UUID, ZoneId> zones = new HashMap<>();
        for (int i = 0; i < all.size(); i += 1000) {
            for (Object[] row : areas.findZones(all.subList(i, Math.min(all.size(), i + 1000)))) {
                zones.put((UUID) row[0], ZoneId.of((String) row[1]));
            }
        }
        return zones;
    }

    @Transactional(readOnly = true)
    public long countActiveVisibleTo(Caller caller) {
        return areas.countActiveInSubtree(caller.scopePath());
    }

    public Area create(Caller caller, AreaDraft draft) {
        requireAdmin(caller);
        Area parent = draft.parentId() == null ? null : get(caller, draft.parentId());
        if (parent == null && !caller.isNational()) {
            throw ProblemException.rule("parent-required", "parentId", "area.parent-required");
        }
        if (parent != null && parent.retired()) {
            throw ProblemException.rule("parent-retired", "parentId", "area.parent-retired", parent.name());
        }
        if (parent != null && depth(parent.path()) >= MAX_DEPTH) {
            throw ProblemException.rule("area-too-deep", "parentId", "area.too-deep", MAX_DEPTH);
        }
        String code = checkCode(draft.code());
        if (areas.findByCode(code).isPresent()) {
            throw ProblemException.conflict("area-code-taken", "area.code-taken", code);
        }
        Area area = new Area(
                UUID.randomUUID(),
                code,
                checkName(draft.name()),
                checkKind(draft.kind()),
                parent,
                zone(draft.timeZone(), parent),
                clock.instant());
        areas.save(area);
        audit.record("AREA_CREATED", "area", area.id().toString(), area.path(), area.code() + " " + area.name());
        return area;
    }

    public Area update(Caller caller, UUID id, AreaDraft change) {
        requireAdmin(caller);
        Area area = get(caller, id);
        String code = change.code() == null ? area.code() : checkCode(change.code());
        if (!code.equals(area.code()) && areas.findByCode(code).isPresent()) {
            throw ProblemException.conflict("area-code-taken", "area.code-taken", code);
        }
        ZoneId zoneBefore = area.zone();
        area.rename(
                code,
                change.name() == null ? area.name() : checkName(change.name()),
                change.kind() == null ? area.kind() : checkKind(change.kind()),
                change.timeZone() == null ? area.zone() : zone(change.timeZone(), null));
        if (!area.zone().equals(zoneBefore)) {
            events.publishEvent(new AreaZoneChanged(area.id()));
        }
        audit.record("AREA_UPDATED", "area", area.id().toString(), area.path(), area.code() + " " + area.name());
        return area;
    }

    /** Marks an area as no longer in use (e.g. merged) from a date; it stays, pointing to its successor. */
    public Area retire(Caller caller, UUID id, LocalDate on, UUID successorId) {
        requireAdmin(caller);
        Area area = get(caller, id);
        if (area.path().equals(caller.scopePath())) {
            throw ProblemException.rule("cannot-retire-own-area", null, "area.cannot-retire-own-area");
        }
        Area successor = successorId == null ? null : get(caller, successorId);
        if (successor != null
                && (successor.id().equals(area.id()) || successor.path().startsWith(area.path()))) {
            throw ProblemException.rule("successor-inside", "successorId", "area.successor-inside");
        }
        if (successor != null && successor.retired()) {
            throw ProblemException.rule("successor-retired", "successorId", "area.successor-retired", successor.name());
        }
        area.retire(on == null ? LocalDate.now(clock.withZone(area.zone())) : on, successor);
        audit.record(
                "AREA_RETIRED",
                "area",
                area.id().toString(),
                area.path(),
                area.code() + (successor == null ? "" : " -> " + successor.code()));
        return area;
    }

    public Area reinstate(Caller caller, UUID id) {
        requireAdmin(caller);
        Area area = get(caller, id);
        area.reinstate();
        audit.record("AREA_REINSTATED", "area", area.id().toString(), area.path(), area.code());
        return area;
    }

    /**
     * Imports areas from CSV, all or nothing: a file with a refused line changes nothing, so an officer
     * fixes the file and imports it again without having to find out which half already went in.
     */
    public AreaImport.Report importCsv(Caller caller, String csv) {
        requireAdmin(caller);
        AreaImport.Report report =
                new AreaImport(this::lookUpForImport, code -> levels.find(code).isPresent(), caller).check(csv);
        if (!report.accepted()) {
            audit.record(
                    "AREA_IMPORT_REFUSED",
                    "area",
                    null,
                    caller.scopePath(),
                    report.refusedCount() + " of " + report.lines().size() + " lines refused");
            return report;
        }
        Map<String, Area> created = new HashMap<>();
        for (AreaImport.Row row : report.rowsParentsFirst()) {
            Area parent = row.parentCode() == null
                    ? null
                    : created.containsKey(row.parentCode())
                            ? created.get(row.parentCode())
                            : areas.findByCode(row.parentCode()).orElseThrow();
            Area area = new Area(
                    UUID.randomUUID(),
                    row.code(),
                    row.name(),
                    row.kind(),
                    parent,
                    row.zone() == null ? (parent == null ? Area.DEFAULT_ZONE : parent.zone()) : row.zone(),
                    clock.instant());
            areas.save(area);
            created.put(area.code(), area);
        }
        audit.record("AREA_IMPORTED", "area", null, caller.scopePath(), created.size() + " areas imported");
        return report;
    }

    private Optional<Area> lookUpForImport(String code) {
        return areas.findByCode(code);
    }

    private static void requireAdmin(Caller caller) {
        if (!caller.has(Role.ADMIN)) {
            throw ProblemException.forbidden();
        }
    }

    static String checkCode(String code) {
        if (code == null || !CODE.matcher(code.strip()).matches()) {
            throw ProblemException.rule("invalid-code", "code", "area.invalid-code");
        }
        return code.strip();
    }

    /**
     * Levels below the national one. Vietnam has three (province, commune, village); the bound keeps the
     * materialised path within its column and every tree walk short.
     */
    static final int MAX_DEPTH = 8;

    static int depth(String path) {
        return (int) path.chars().filter(c -> c == '/').count() - 1;
    }

    static String checkName(String name) {
        name = Text.clean(name, "name");
        if (name == null || name.isBlank() || name.strip().length() > 255) {
            throw ProblemException.rule("invalid-name", "name", "area.invalid-name");
        }
        return name.strip();
    }

    /** A level that exists (area_level); an unknown one is refused naming the field and the levels there are. */
    String checkKind(String kind) {
        String code = checkKindSyntax(kind);
        if (levels.find(code).isEmpty()) {
            throw ProblemException.rule("unknown-kind", "kind", "area.unknown-level", code, levelCodes());
        }
        return code;
    }

    /** The codes of the levels there are, for a message: "province, commune, village…". */
    String levelCodes() {
        return String.join(", ", levels.all().stream().map(AreaLevel::code).toList());
    }

    static String checkKindSyntax(String kind) {
        if (kind == null || !KIND.matcher(kind.strip()).matches()) {
            throw ProblemException.rule("invalid-kind", "kind", "area.invalid-kind");
        }
        return kind.strip();
    }

    private static String checkLevelName(String name, String field) {
        String clean = Text.clean(name, field);
        if (clean == null || clean.isBlank() || clean.strip().length() > 64) {
            throw ProblemException.rule("invalid-level-name", field, "area.level.invalid-name");
        }
        return clean.strip();
    }

    static Optional<ZoneId> parseZone(String zone) {
        try {
            return Optional.of(ZoneId.of(zone.strip()));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    private static ZoneId zone(String zone, Area parent) {
        if (zone == null || zone.isBlank()) {
            return parent == null ? Area.DEFAULT_ZONE : parent.zone();
        }
        return parseZone(zone)
                .orElseThrow(
                        () -> ProblemException.rule("invalid-time-zone", "timeZone", "area.invalid-time-zone", zone));
    }

    private static List<Area> inTreeOrder(List<Area> subtree) {
        Map<UUID, List<Area>> children = new HashMap<>();
        List<Area> roots = new ArrayList<>();
        Map<UUID, Area> byId = new HashMap<>();
        subtree.forEach(a -> byId.put(a.id(), a));
        for (Area a : subtree) {
            if (a.parentId() == null || !byId.containsKey(a.parentId())) {
                roots.add(a);
            } else {
                children.computeIfAbsent(a.parentId(), k -> new ArrayList<>()).add(a);
            }
        }
        Comparator<Area> byName =
                Comparator.comparing(Area::retired).thenComparing(Area::name, String.CASE_INSENSITIVE_ORDER);
        List<Area> ordered = new ArrayList<>(subtree.size());
        roots.sort(byName);
        ArrayList<Area> stack = new ArrayList<>(roots);
        java.util.Collections.reverse(stack);
        while (!stack.isEmpty()) {
            Area a = stack.remove(stack.size() - 1);
            ordered.add(a);
            List<Area> kids = children.getOrDefault(a.id(), new ArrayList<>());
            kids.sort(byName);
            for (int i = kids.size() - 1; i >= 0; i--) {
                stack.add(kids.get(i));
            }
        }
        return ordered;
    }
}
