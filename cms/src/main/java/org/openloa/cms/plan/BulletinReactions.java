package org.openloa.cms.plan;

import org.openloa.cms.access.Caller;
import org.openloa.cms.broadcast.BroadcastService;
import org.openloa.cms.bulletin.Bulletin;
import org.openloa.cms.bulletin.BulletinApproved;
import org.openloa.cms.bulletin.BulletinArchived;
import org.openloa.cms.bulletin.BulletinService;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * What the scheduler does when a bulletin changes, in the bulletin's transaction: an approved bulletin with a
 * validity end gets a trigger at that end; an archived one leaves every broadcast that played it.
 */
@Component
class BulletinReactions {

    private final BulletinService bulletins;
    private final BroadcastService broadcasts;
    private final EdgeTriggers triggers;

    BulletinReactions(BulletinService bulletins, BroadcastService broadcasts, EdgeTriggers triggers) {
        this.bulletins = bulletins;
        this.broadcasts = broadcasts;
        this.triggers = triggers;
    }

    @EventListener
    void approved(BulletinApproved event) {
        Bulletin bulletin = bulletins.get(Caller.system(), event.bulletinId());
        if (bulletin.validUntil() != null) {
            triggers.expireBulletinAt(bulletin.id(), bulletin.validUntil());
        }
    }

    @EventListener
    void archived(BulletinArchived event) {
        broadcasts.dropBulletin(event.bulletinId());
    }
}
