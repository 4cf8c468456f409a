package org.openloa.cms.alert;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.openloa.cms.access.Caller;
import org.openloa.cms.emergency.Emergencies;
import org.openloa.cms.emergency.Emergency;
import org.openloa.cms.emergency.EmergencyContent;
import org.openloa.cms.emergency.EmergencyOrder;
import org.openloa.cms.emergency.EmergencySource;
import org.springframework.stereotype.Component;

/**
 * The {@link AlertAiring} port on the emergency module: a CAP alert is raised as an emergency of source CAP (no
 * repeat given: the emergency module's default, every two hours until it ends), corrected with replaceContent,
 * taken off air with stop, and shown with its board.
 */
@Component
class EmergencyAiring implements AlertAiring {

    private final Emergencies emergencies;

    EmergencyAiring(Emergencies emergencies) {
        this.emergencies = emergencies;
    }

    @Override
    public Aired raise(Caller caller, AlertOrder order) {
        return aired(emergencies.raise(
                caller,
                new EmergencyOrder(
                        order.title(),
                        EmergencySource.CAP,
                        contents(order.contents()),
                        order.areaIds(),
                        order.deviceIds(),
                        order.priority(),
                        order.issuedAt(),
                        order.endsAt(),
                        null)));
    }

    @Override
    public Aired replace(Caller caller, UUID emergencyId, List<AlertOrder.Content> contents) {
        return aired(emergencies.replaceContent(caller, emergencyId, contents(contents)));
    }

    @Override
    public void stop(Caller caller, UUID emergencyId, String reason) {
        emergencies.stop(caller, emergencyId, reason);
    }

    @Override
    public Object board(Caller caller, UUID emergencyId) {
        return emergencies.board(caller, emergencyId);
    }

    @Override
    public Aired current(Caller caller, UUID emergencyId) {
        return aired(emergencies.get(caller, emergencyId));
    }

    private static Aired aired(Emergency emergency) {
        return new Aired(emergency.id(), emergency.broadcastIds());
    }

    private static List<EmergencyContent> contents(List<AlertOrder.Content> contents) {
        List<EmergencyContent> result = new ArrayList<>(contents.size());
        for (AlertOrder.Content content : contents) {
            if (content instanceof AlertOrder.Content.Speech speech) {
                result.add(new EmergencyContent.Speech(speech.text(), speech.voice()));
            } else if (content instanceof AlertOrder.Content.Recording recording) {
                result.add(new EmergencyContent.Recording(recording.file(), recording.filename()));
            }
        }
        return result;
    }
}
