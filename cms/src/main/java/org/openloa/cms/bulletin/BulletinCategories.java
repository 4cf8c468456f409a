package org.openloa.cms.bulletin;

import java.util.List;
import java.util.Optional;
import org.springframework.data.repository.Repository;

interface BulletinCategories extends Repository<BulletinCategory, String> {

    List<BulletinCategory> findByActiveTrueOrderByPosition();

    Optional<BulletinCategory> findById(String code);

    BulletinCategory save(BulletinCategory category);
}
