package org.openloa.cms.relay;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.openloa.cms.access.Caller;
import org.openloa.cms.access.Role;
import org.openloa.cms.area.Area;
import org.openloa.cms.area.AreaService;
import org.openloa.cms.audit.AuditLog;
import org.openloa.cms.problem.ProblemException;
import org.openloa.cms.problem.Text;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The relay sources a caller sees and the ADMIN's changes to them.
 *
 * <p>Seeing: a source belongs to an area and is seen by everyone in that area's subtree (a commune operator sees the
 * province's VOV1), and by those who reach the area from above (the province ADMIN sees a commune's own sources).
 * Changing: an ADMIN reaching the source's area. Outside what the caller sees, a source does not exist (404).
 */
@Service
@Transactional
public class RelaySourceService {

    static final int MAX_NAME = 100;
    static final int MAX_URL = 2000;

    private final RelaySources rows;
    private final AreaService areas;
    private final AuditLog audit;
    private final Clock clock;

    RelaySourceService(RelaySources rows, AreaService areas, AuditLog audit, Clock clock) {
        this.rows = rows;
        this.areas = areas;
        this.audit = audit;
        this.clock = clock;
    }

    /** A source with the area it belongs to, and whether the caller may change it (what the pages offer). */
    public record Listed(RelaySource source, Area area, boolean changeable) {}

    /** The sources the caller sees, by name. */
    @Transactional(readOnly = true)
    public List<Listed> visibleTo(Caller caller) {
        return rows.findAllByOrderByNameAsc().stream()
                .map(source -> listed(caller, source))
                .flatMap(Optional::stream)
                .toList();
    }

    @Transactional(readOnly = true)
    public Listed get(Caller caller, UUID id) {
        return rows.findById(id)
                .flatMap(source -> listed(caller, source))
                .orElseThrow(() -> ProblemException.notFound("relay-source"));
    }

    public RelaySource create(Caller caller, RelaySourceDraft draft) {
        requireAdmin(caller);
        Area area = area(caller, draft.areaId());
        String name = name(draft.name());
        String url = url(draft.url());
        requireUniqueName(area, name, null);
        RelaySource source = rows.save(new RelaySource(area.id(), name, url, caller.username(), clock.instant()));
        audit.record("RELAY_SOURCE_CREATED", "relay-source", source.id().toString(), area.path(), name + " · " + url);
        return source;
    }

    public RelaySource update(Caller caller, UUID id, RelaySourceDraft draft) {
        Listed current = get(caller, id);
        requireChangeable(current);
        Area area = draft.areaId() == null ? current.area() : area(caller, draft.areaId());
        String name = name(draft.name());
        String url = url(draft.url());
        requireUniqueName(area, name, id);
        RelaySource source = current.source();
        source.change(area.id(), name, url, caller.username(), clock.instant());
        rows.save(source);
        audit.record("RELAY_SOURCE_CHANGED", "relay-source", id.toString(), area.path(), name + " · " + url);
        return source;
    }

    public void delete(Caller caller, UUID id) {
        Listed current = get(caller, id);
        requireChangeable(current);
        rows.delete(current.source());
        audit.record(
                "RELAY_SOURCE_DELETED",
                "relay-source",
                id.toString(),
                current.area().path(),
                current.source().name());
    }

    /** Whether the caller may add sources at all (what the pages offer). */
    public static boolean mayKeep(Caller caller) {
        return caller.has(Role.ADMIN);
    }

    // ---------------------------------------------------------------- checks

    private Optional<Listed> listed(Caller caller, RelaySource source) {
        return areas.find(source.areaId())
                .filter(area ->
                        caller.reaches(area.path()) || caller.scopePath().startsWith(area.path()))
                .map(area -> new Listed(source, area, mayKeep(caller) && caller.reaches(area.path())));
    }

    private static void requireAdmin(Caller caller) {
        if (!mayKeep(caller)) {
            throw ProblemException.forbidden();
        }
    }

    private static void requireChangeable(Listed listed) {
        if (!listed.changeable()) {
            throw ProblemException.forbidden();
        }
    }

    /** The area, within the caller's reach (404 outside it) and in use. */
    private Area area(Caller caller, UUID areaId) {
        UUID id = areaId == null ? caller.areaId() : areaId;
        if (id == null) {
            // A national administrator has no area of their own to default to.
            throw ProblemException.rule("relay-area-required", "areaId", "relay.area-required");
        }
        Area area = areas.get(caller, id);
        if (area.retired()) {
            throw ProblemException.rule("area-retired", "areaId", "relay.area-retired", area.name());
        }
        return area;
    }

    private void requireUniqueName(Area area, String name, UUID self) {
        boolean taken = rows.findAllByOrderByNameAsc().stream()
                .anyMatch(s -> s.areaId().equals(area.id()) && s.name().equalsIgnoreCase(name) && !s.id().equals(self));
        if (taken) {
            throw ProblemException.rule("relay-name-taken", "name", "relay.name-taken", name, area.name());
        }
    }

    static String name(String given) {
        String name = Text.clean(given, "name");
        if (name == null || name.isEmpty()) {
            throw ProblemException.rule("relay-name-required", "name", "relay.name-required");
        }
        if (name.length() > MAX_NAME) {
            throw ProblemException.rule("relay-name-too-long", "name", "relay.name-too-long", MAX_NAME);
        }
        return name;
    }

    /**
     * An http or https URL with a host, at most {@value #MAX_URL} characters. No user name or password in it:
     * everyone in the area's subtree reads a source, and the boxes log what they relay.
     */
    static String url(String given) {
        String text = Text.clean(given, "url");
        if (text == null || text.isEmpty()) {
            throw ProblemException.rule("relay-url-required", "url", "relay.url-required");
        }
        if (text.length() > MAX_URL) {
            throw ProblemException.rule("relay-url-too-long", "url", "relay.url-too-long", MAX_URL);
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw ProblemException.rule("relay-url-invalid", "url", "relay.url-invalid");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw ProblemException.rule("relay-url-invalid", "url", "relay.url-invalid");
        }
        if (uri.getRawUserInfo() != null) {
            throw ProblemException.rule("relay-url-credentials", "url", "relay.url-credentials");
        }
        return uri.toString();
    }
}
