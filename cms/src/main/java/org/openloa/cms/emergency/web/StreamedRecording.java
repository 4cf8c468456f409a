package org.openloa.cms.emergency.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.openloa.cms.access.Caller;
import org.openloa.cms.audio.AudioService;
import org.openloa.cms.audio.Urgency;
import org.openloa.cms.emergency.Emergencies;
import org.openloa.cms.emergency.Emergency;
import org.openloa.cms.emergency.EmergencyContent;
import org.openloa.cms.emergency.EmergencyOrder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * A recording as the raw body of a request (the API's and the page's streaming upload): the order is checked
 * before its first byte is read, the recording is measured while it arrives and, when a processing slot is free,
 * is the emergency's audio in the transaction that raises it, so the emergency is ON_AIR when the answer comes.
 * It never waits behind routine work (a slot is kept for emergencies beyond the limit); only when another
 * emergency's recording holds that slot too is it received whole and made like a multipart upload's (PREPARING
 * until that one is done). Refused, cut off or too large, it leaves nothing behind and raises nothing.
 */
@Component
class StreamedRecording {

    private final Emergencies emergencies;
    private final AudioService audio;
    private final DataSize limit;

    StreamedRecording(
            Emergencies emergencies,
            AudioService audio,
            @Value("${spring.servlet.multipart.max-file-size:1MB}") String uploadLimit) {
        this.emergencies = emergencies;
        this.audio = audio;
        this.limit = DataSize.parse(uploadLimit);
    }

    /** Raises {@code order} (its contents are ignored) with the request's body as its recording. */
    Emergency raise(Caller caller, EmergencyOrder order, String name, HttpServletRequest request) throws IOException {
        emergencies.checkOrder(caller, order);
        return receive(name, request, contents -> emergencies.raise(caller, with(order, contents)));
    }

    /** Replaces what emergency {@code id} says with the request's body. */
    Emergency replace(Caller caller, UUID id, String name, HttpServletRequest request) throws IOException {
        emergencies.checkReplace(caller, id);
        return receive(name, request, contents -> emergencies.replaceContent(caller, id, contents));
    }

    /** The body as the content {@code apply} gets: processed already, or as a file to make in turn when busy. */
    private Emergency receive(
            String name, HttpServletRequest request, Function<List<EmergencyContent>, Emergency> apply)
            throws IOException {
        return audio.receiveStream(
                request.getInputStream(),
                request.getContentLengthLong(),
                name,
                limit,
                Urgency.EMERGENCY,
                arrived -> apply.apply(List.of(new EmergencyContent.Streamed(arrived))),
                (file, filename) -> apply.apply(List.of(new EmergencyContent.Recording(file, filename))));
    }

    private static EmergencyOrder with(EmergencyOrder order, List<EmergencyContent> contents) {
        return new EmergencyOrder(
                order.title(),
                order.source(),
                contents,
                order.areaIds(),
                order.deviceIds(),
                order.priority(),
                order.issuedAt(),
                order.endsAt(),
                order.repeatEvery());
    }
}
