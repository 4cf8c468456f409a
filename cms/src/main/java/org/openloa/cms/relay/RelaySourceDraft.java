package org.openloa.cms.relay;

import java.util.UUID;

/**
 * What an ADMIN gives for a relay source.
 *
 * @param areaId the area it belongs to (null: the caller's own); everyone in its subtree sees it
 * @param name   what people call it, e.g. "VOV1", at most {@value RelaySourceService#MAX_NAME} characters
 * @param url    an http or https stream URL, without a user name or password in it
 */
public record RelaySourceDraft(UUID areaId, String name, String url) {}
