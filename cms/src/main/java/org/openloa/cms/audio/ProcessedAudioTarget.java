package org.openloa.cms.audio;

import java.util.UUID;

/**
 * Receives finished audio for the thing a job was started for (a bulletin). Called in the transaction
 * that marks the job succeeded: if it refuses (the bulletin was submitted meanwhile), the job fails
 * and its new assets are removed.
 */
public interface ProcessedAudioTarget {

    void audioReady(UUID bulletinId, UUID deliveryAssetId, UUID originalAssetId, String actor);
}
