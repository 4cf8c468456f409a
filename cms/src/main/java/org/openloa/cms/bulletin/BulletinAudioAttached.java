package org.openloa.cms.bulletin;

import java.util.UUID;

/** A bulletin has its processed audio (published in the transaction that attached it). */
public record BulletinAudioAttached(UUID bulletinId) {}
