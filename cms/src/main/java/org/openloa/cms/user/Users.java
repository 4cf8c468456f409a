package org.openloa.cms.user;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

interface Users extends Repository<UserAccount, UUID> {

    UserAccount save(UserAccount user);

    Optional<UserAccount> findById(UUID id);

    Optional<UserAccount> findByUsername(String username);

    List<UserAccount> findAllByOrderByUsername();

    long count();

    @Query("select new org.openloa.cms.user.AccountStamp(u.version, u.credentialsVersion, u.enabled)"
            + " from UserAccount u where u.id = :id")
    Optional<AccountStamp> stampOf(UUID id);
}
