package org.openloa.cms.area;

import java.util.UUID;

/**
 * An area's time zone changed, in the transaction that changed it: schedules aimed at it are read in another zone
 * now, so whoever holds the programme in memory must read it again.
 */
public record AreaZoneChanged(UUID areaId) {}
