package org.openloa.cms.device;

import java.util.UUID;

/** What another module shows of a device beside its own rows: the name and the area. */
public record DeviceName(UUID id, String name, UUID areaId) {}
