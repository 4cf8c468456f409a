package org.openloa.cms.emergency;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.openloa.scheduler.broadcast.Priority;

/**
 * What to raise: a title, its contents (one per language), where (areas, each with its subtree, and devices
 * targeted directly), at which priority (EMERGENCY when null; PRIORITY allowed for CAP), when it was issued
 * (now when null), when it ends (null: it airs once) and how often it repeats until then (2 hours when null).
 */
public record EmergencyOrder(
        String title,
        EmergencySource source,
        List<EmergencyContent> contents,
        List<UUID> areaIds,
        Set<UUID> deviceIds,
        Priority priority,
        OffsetDateTime issuedAt,
        OffsetDateTime endsAt,
        Duration repeatEvery) {}
