package org.openloa.cms.area;

import java.util.UUID;

/** What a caller asks an area to be; on update, null fields stay as they are. */
public record AreaDraft(String code, String name, String kind, UUID parentId, String timeZone) {}
