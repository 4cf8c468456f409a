package org.openloa.cms.bulletin;

import java.util.List;
import java.util.UUID;
import org.springframework.data.repository.Repository;

interface BulletinEvents extends Repository<BulletinEvent, UUID> {

    BulletinEvent save(BulletinEvent event);

    List<BulletinEvent> findByBulletinIdOrderByAtAsc(UUID bulletinId);
}
