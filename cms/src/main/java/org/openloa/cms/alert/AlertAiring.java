package org.openloa.cms.alert;

import java.util.List;
import java.util.UUID;
import org.openloa.cms.access.Caller;

/**
 * How an alert reaches the loudspeakers: the emergency module's {@code Emergencies} (raise, replaceContent,
 * stop, board) behind the port the alert module needs. The adapter lives beside this interface once the
 * emergency module is on the same branch; without one, Actual alerts are stored as {@link AlertState#NOT_AIRED}.
 */
public interface AlertAiring {

    /** Raises an emergency (source CAP) as the caller; answers what went on air. */
    Aired raise(Caller caller, AlertOrder order);

    /** Replaces what the emergency airs, everywhere it airs. */
    Aired replace(Caller caller, UUID emergencyId, List<AlertOrder.Content> contents);

    /** Takes the emergency off air everywhere, with the reason the boxes log. */
    void stop(Caller caller, UUID emergencyId, String reason);

    /** Where each targeted device stands with the emergency (the board), as the API shows it. */
    Object board(Caller caller, UUID emergencyId);

    /** The emergency as it airs now (its audio may have been made since it was raised). */
    Aired current(Caller caller, UUID emergencyId);

    /**
     * An emergency: its id and the broadcasts airing its current contents (none yet while its audio is being
     * made, seconds after it was raised).
     */
    record Aired(UUID emergencyId, List<UUID> broadcastIds) {}
}
