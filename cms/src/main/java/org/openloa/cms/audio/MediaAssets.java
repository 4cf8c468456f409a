package org.openloa.cms.audio;

import java.util.Optional;
import java.util.UUID;
import org.springframework.data.repository.Repository;

interface MediaAssets extends Repository<MediaAsset, UUID> {

    MediaAsset save(MediaAsset asset);

    Optional<MediaAsset> findById(UUID id);

    void delete(MediaAsset asset);
}
