package org.openloa.cms.device;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.openloa.cms.access.Caller;
import org.openloa.cms.audit.AuditLog;
import org.openloa.cms.problem.ProblemException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Commands for devices (table device_command). An ADMIN or OPERATOR of a device's area issues one; the device
 * finds it in its manifest (every pending command is repeated until acknowledged) and acknowledges it in a
 * heartbeat. Issuing and acknowledging both change the manifest, so both publish {@link DeviceManifestChanged}:
 * the device's plan version moves, its ETag with it, and a new command wakes the device.
 */
@Service
@Transactional
public class DeviceCommands {

    /** Pending commands a manifest carries at most; older ones wait for the newer to be acknowledged. */
    static final int MAX_PENDING = 50;

    static final int MAX_RECENT = 200;
    static final int MAX_ARGS = 10;
    static final int MAX_ARG_LENGTH = 200;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<LinkedHashMap<String, String>> ARGS = new TypeReference<>() {};

    private final DeviceService deviceService;
    private final Devices devices;
    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final int upgradeTrialSeconds;

    DeviceCommands(
            DeviceService deviceService,
            Devices devices,
            JdbcTemplate jdbc,
            NamedParameterJdbcTemplate named,
            AuditLog audit,
            ApplicationEventPublisher events,
            Clock clock,
            @Value("${openloa.devices.upgrade-trial-seconds:300}") int upgradeTrialSeconds) {
        this.deviceService = deviceService;
        this.devices = devices;
        this.jdbc = jdbc;
        this.named = named;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
        this.upgradeTrialSeconds = upgradeTrialSeconds;
    }

    /**
     * Issues a command to a device in the caller's subtree (404 outside it), if the caller is an ADMIN or
     * OPERATOR (403 otherwise). SET_VOLUME needs {@code volume} 0..100 (422) and also sets the device's volume;
     * UPGRADE needs {@code version}, a registered agent version (422).
     */
    public DeviceCommand issue(Caller caller, UUID deviceId, CommandType type, Map<String, String> args) {
        Device device = deviceService.get(caller, deviceId);
        DeviceService.requireOperatorOrAdmin(caller);
        if (device.retired()) {
            throw ProblemException.conflict("device-retired", "device.retired");
        }
        if (type == null) {
            throw ProblemException.rule("command-type-required", "type", "device.command.type-required");
        }
        // UPGRADE names a registered version; the box gets its URL, SHA-256 and trial (AgentReleases).
        Map<String, String> checked = type == CommandType.UPGRADE
                ? AgentReleases.commandArgs(jdbc, args, upgradeTrialSeconds)
                : check(type, args);
        if (type == CommandType.SET_VOLUME) {
            device.configure(Integer.parseInt(checked.get("volume")), device.pollSeconds());
            devices.save(device);
        }
        DeviceCommand command = new DeviceCommand(
                UUID.randomUUID(), device.id(), type, checked, caller.username(), clock.instant(), null);
        jdbc.update(
                "insert into device_command (id, device_id, type, args, issued_by, issued_at) values (?, ?, ?, ?, ?, ?)",
                command.id(),
                command.deviceId(),
                type.name(),
                JSON.writeValueAsString(checked),
                command.issuedBy(),
                Timestamp.from(command.issuedAt()));
        audit.record(
                "DEVICE_COMMAND",
                "device",
                device.id().toString(),
                device.areaPath(),
                type + (checked.isEmpty() ? "" : " " + checked));
        events.publishEvent(new DeviceManifestChanged(device.id(), "command " + type, true));
        return command;
    }

    /** The device's latest commands, newest first, for anyone who reaches the device. */
    @Transactional(readOnly = true)
    public List<DeviceCommand> recent(Caller caller, UUID deviceId, int limit) {
        Device device = deviceService.get(caller, deviceId);
        int rows = Math.max(1, Math.min(limit, MAX_RECENT));
        return jdbc.query(
                "select id, device_id, type, args, issued_by, issued_at, acknowledged_at from device_command"
                        + " where device_id = ? order by issued_at desc, id fetch first " + rows + " rows only",
                ROW,
                device.id());
    }

    /**
     * For the edge API, where the device itself is the caller: the commands it has not acknowledged, oldest
     * first.
     */
    @Transactional(readOnly = true)
    public List<DeviceCommand> pending(UUID deviceId) {
        return jdbc.query(
                "select id, device_id, type, args, issued_by, issued_at, acknowledged_at from device_command"
                        + " where device_id = ? and acknowledged_at is null order by issued_at, id fetch first "
                        + MAX_PENDING
                        + " rows only",
                ROW,
                deviceId);
    }

    /**
     * {@link #pending(UUID)} for several devices in one statement (each device's oldest first, at most
     * {@value #MAX_PENDING}): the edge builds manifests 25 devices at a time after an emergency. Devices without
     * pending commands are not in the answer.
     */
    @Transactional(readOnly = true)
    public Map<UUID, List<DeviceCommand>> pending(Collection<UUID> deviceIds) {
        Map<UUID, List<DeviceCommand>> pending = new LinkedHashMap<>();
        if (deviceIds.isEmpty()) {
            return pending;
        }
        named.query(
                "select id, device_id, type, args, issued_by, issued_at, acknowledged_at from device_command"
                        + " where device_id in (:ids) and acknowledged_at is null order by device_id, issued_at, id",
                new MapSqlParameterSource("ids", List.copyOf(new java.util.LinkedHashSet<>(deviceIds))),
                (java.sql.ResultSet rs) -> {
                    DeviceCommand command = ROW.mapRow(rs, 0);
                    List<DeviceCommand> ofDevice = pending.computeIfAbsent(command.deviceId(), d -> new ArrayList<>());
                    if (ofDevice.size() < MAX_PENDING) {
                        ofDevice.add(command);
                    }
                });
        return pending;
    }

    /**
     * For the edge API: the device reports these commands done. Ids that are unknown, not this device's, or
     * already acknowledged are ignored (a box repeats its acknowledgements for a while). Answers how many were
     * newly acknowledged; when any were, the manifest changes (they leave it) without waking the device.
     */
    public int acknowledge(UUID deviceId, Collection<String> ids, Instant at) {
        List<UUID> parsed = new ArrayList<>();
        for (String id : ids) {
            try {
                parsed.add(UUID.fromString(id.strip()));
            } catch (IllegalArgumentException notOurs) {
                // Not an id this server made: nothing to acknowledge.
            }
        }
        if (parsed.isEmpty()) {
            return 0;
        }
        int done = named.update(
                "update device_command set acknowledged_at = :at where device_id = :device"
                        + " and acknowledged_at is null and id in (:ids)",
                new MapSqlParameterSource("at", Timestamp.from(at))
                        .addValue("device", deviceId)
                        .addValue("ids", parsed));
        if (done > 0) {
            events.publishEvent(new DeviceManifestChanged(deviceId, "commands acknowledged", false));
        }
        return done;
    }

    private static Map<String, String> check(CommandType type, Map<String, String> args) {
        Map<String, String> checked = new LinkedHashMap<>();
        if (args != null) {
            if (args.size() > MAX_ARGS) {
                throw ProblemException.rule("invalid-command-args", "args", "device.command.invalid-args");
            }
            for (Map.Entry<String, String> arg : args.entrySet()) {
                if (arg.getKey() == null
                        || arg.getKey().isBlank()
                        || arg.getKey().length() > 64
                        || arg.getValue() == null
                        || arg.getValue().length() > MAX_ARG_LENGTH) {
                    throw ProblemException.rule("invalid-command-args", "args", "device.command.invalid-args");
                }
                checked.put(arg.getKey().strip(), arg.getValue().strip());
            }
        }
        if (type == CommandType.SET_VOLUME) {
            int volume;
            try {
                volume = Integer.parseInt(checked.getOrDefault("volume", ""));
            } catch (NumberFormatException e) {
                volume = -1;
            }
            if (volume < 0 || volume > 100) {
                throw ProblemException.rule("invalid-volume", "args.volume", "device.invalid-volume");
            }
            checked.put("volume", Integer.toString(volume));
        }
        return checked;
    }

    private static final RowMapper<DeviceCommand> ROW = (rs, i) -> new DeviceCommand(
            rs.getObject(1, UUID.class),
            rs.getObject(2, UUID.class),
            CommandType.valueOf(rs.getString(3)),
            JSON.readValue(rs.getString(4), ARGS),
            rs.getString(5),
            rs.getTimestamp(6).toInstant(),
            rs.getTimestamp(7) == null ? null : rs.getTimestamp(7).toInstant());
}
