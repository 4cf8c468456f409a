package org.openloa.cms.device;

import java.net.URI;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.openloa.cms.access.Caller;
import org.openloa.cms.access.Role;
import org.openloa.cms.area.AreaService;
import org.openloa.cms.audit.AuditLog;
import org.openloa.cms.problem.ProblemException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Agent versions and their rollout (docs/edge-agent.md, "Remote upgrade"). A national ADMIN registers a version
 * (one catalogue for the whole fleet); an ADMIN or OPERATOR then picks it for a device (an UPGRADE command through
 * {@link DeviceCommands}) or for every device of an area in reach. The command carries the URL, the SHA-256 and the
 * trial the box gives the new version before going back by itself.
 */
@Service
@Transactional
public class AgentReleases {

    /** The agent's own rule for a version: it becomes a directory name on the box. */
    static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+~-]{0,63}");

    static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final JdbcTemplate jdbc;
    private final DeviceCommands commands;
    private final AreaService areas;
    private final Devices deviceRows;
    private final AuditLog audit;
    private final Clock clock;

    AgentReleases(
            JdbcTemplate jdbc,
            DeviceCommands commands,
            AreaService areas,
            Devices deviceRows,
            AuditLog audit,
            Clock clock) {
        this.jdbc = jdbc;
        this.commands = commands;
        this.areas = areas;
        this.deviceRows = deviceRows;
        this.audit = audit;
        this.clock = clock;
    }

    /** Every registered version, newest first: anyone signed in may see which versions exist. */
    @Transactional(readOnly = true)
    public List<AgentRelease> list() {
        return jdbc.query(
                "select version, url, sha256, notes, added_by, added_at from agent_release order by added_at desc, version",
                ROW);
    }

    @Transactional(readOnly = true)
    public Optional<AgentRelease> find(String version) {
        return find(jdbc, version);
    }

    static Optional<AgentRelease> find(JdbcTemplate jdbc, String version) {
        if (version == null) {
            return Optional.empty();
        }
        return jdbc
                .query(
                        "select version, url, sha256, notes, added_by, added_at from agent_release where version = ?",
                        ROW,
                        version.strip())
                .stream()
                .findFirst();
    }

    /** Registers a version: national ADMIN only (403), each field checked (422), a version once (409). */
    public AgentRelease add(Caller caller, String version, String url, String sha256, String notes) {
        if (!caller.has(Role.ADMIN) || !caller.isNational()) {
            throw ProblemException.forbidden();
        }
        String v = version == null ? "" : version.strip();
        if (!VERSION.matcher(v).matches()) {
            throw ProblemException.rule("invalid-agent-version", "version", "agent.release.invalid-version");
        }
        String u = url == null ? "" : url.strip();
        if (!validUrl(u)) {
            throw ProblemException.rule("invalid-agent-url", "url", "agent.release.invalid-url");
        }
        String sha = sha256 == null ? "" : sha256.strip().toLowerCase(Locale.ROOT);
        if (!SHA256.matcher(sha).matches()) {
            throw ProblemException.rule("invalid-sha256", "sha256", "agent.release.invalid-sha256");
        }
        String n = notes == null || notes.isBlank() ? null : notes.strip();
        if (n != null && n.length() > 500) {
            throw ProblemException.rule("invalid-agent-notes", "notes", "agent.release.invalid-notes");
        }
        if (find(v).isPresent()) {
            throw ProblemException.conflict("agent-version-exists", "agent.release.exists", v);
        }
        AgentRelease release = new AgentRelease(v, u, sha, n, caller.username(), clock.instant());
        jdbc.update(
                "insert into agent_release (version, url, sha256, notes, added_by, added_at) values (?, ?, ?, ?, ?, ?)",
                release.version(),
                release.url(),
                release.sha256(),
                release.notes(),
                release.addedBy(),
                Timestamp.from(release.addedAt()));
        audit.record("AGENT_RELEASE_ADDED", "agent-release", v, Caller.NATIONAL_SCOPE, v + " " + u);
        return release;
    }

    /**
     * Sends UPGRADE to every device in service under the area (which must be in the caller's reach: 404), if the
     * caller is an ADMIN or OPERATOR (403). Devices that run the version already are left alone. Answers how many
     * devices were sent the command.
     */
    public int rollout(Caller caller, java.util.UUID areaId, String version) {
        String path = areas.get(caller, areaId).path();
        DeviceService.requireOperatorOrAdmin(caller);
        AgentRelease release = find(version)
                .orElseThrow(() -> ProblemException.rule("unknown-agent-version", "version", "agent.release.unknown"));
        int sent = 0;
        for (Device device : deviceRows.findUnder(path, false)) {
            if (!caller.reaches(device.areaPath()) || release.version().equals(device.agentVersion())) {
                continue;
            }
            commands.issue(caller, device.id(), CommandType.UPGRADE, Map.of("version", release.version()));
            sent++;
        }
        audit.record(
                "DEVICE_UPGRADE_ROLLOUT",
                "area",
                areaId.toString(),
                path,
                release.version() + " to " + sent + " devices");
        return sent;
    }

    /**
     * The UPGRADE command's arguments for a registered version (422 naming args.version otherwise): what the box
     * needs to fetch, check and try it. {@link DeviceCommands} calls this for every UPGRADE it issues.
     */
    static Map<String, String> commandArgs(JdbcTemplate jdbc, Map<String, String> args, int trialSeconds) {
        String version = args == null ? null : args.get("version");
        AgentRelease release = find(jdbc, version)
                .orElseThrow(
                        () -> ProblemException.rule("unknown-agent-version", "args.version", "agent.release.unknown"));
        return Map.of(
                "version", release.version(),
                "url", release.url(),
                "sha256", release.sha256(),
                "trialSeconds", Integer.toString(trialSeconds));
    }

    private static boolean validUrl(String url) {
        if (url.isEmpty() || url.length() > 500) {
            return false;
        }
        try {
            URI uri = new URI(url);
            if (uri.isAbsolute()) {
                return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
            }
            return url.startsWith("/");
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static final RowMapper<AgentRelease> ROW = (rs, i) -> new AgentRelease(
            rs.getString(1),
            rs.getString(2),
            rs.getString(3),
            rs.getString(4),
            rs.getString(5),
            rs.getTimestamp(6).toInstant());
}
