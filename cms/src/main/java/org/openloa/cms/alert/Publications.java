package org.openloa.cms.alert;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Where the public CAP feeds find what OpenLoa aired: every emergency, from the button or from CAP. The alert
 * module's own implementation ({@link AlertPublications}) knows the alerts that came in by CAP; one built on the
 * emergency module's emergencies, marked {@code @Primary}, publishes the others too.
 */
public interface Publications {

    /** The latest, newest first. */
    List<Publication> recent(int limit);

    Optional<Publication> find(UUID id);
}
