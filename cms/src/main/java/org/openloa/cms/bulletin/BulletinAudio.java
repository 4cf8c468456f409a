package org.openloa.cms.bulletin;

import java.util.UUID;
import org.openloa.cms.audio.ProcessedAudioTarget;
import org.springframework.stereotype.Component;

/** Finished audio becomes the bulletin's audio, if the bulletin still takes audio. */
@Component
class BulletinAudio implements ProcessedAudioTarget {

    private final BulletinService bulletins;

    BulletinAudio(BulletinService bulletins) {
        this.bulletins = bulletins;
    }

    @Override
    public void audioReady(UUID bulletinId, UUID deliveryAssetId, UUID originalAssetId, String actor) {
        bulletins.attachAudio(bulletinId, deliveryAssetId, originalAssetId, actor);
    }
}
