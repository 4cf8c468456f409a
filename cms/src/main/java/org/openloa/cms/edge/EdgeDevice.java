package org.openloa.cms.edge;

import java.util.UUID;

/**
 * The caller of an /edge/v1 request: a device, proven by its credential. Carries the credential's SHA-256 (never
 * the credential) so the manifest cache can be keyed by it.
 */
record EdgeDevice(UUID deviceId, String credentialHash) {}
