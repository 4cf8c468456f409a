package org.openloa.cms.user;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.repository.Repository;

interface Users extends Repository<UserAccount, UUID> {

    UserAccount save(UserAccount user);

    Optional<UserAccount> findById(UUID id);

    Optional<UserAccount> findByUsername(String username);

    List<UserAccount> findAllByOrderByUsername();

    long count();
}
