package org.openloa.cms.demo;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.openloa.cms.access.Caller;
import org.openloa.cms.area.Area;
import org.openloa.cms.broadcast.BroadcastDraft;
import org.openloa.cms.broadcast.BroadcastService;
import org.openloa.cms.broadcast.ScheduleSpec;
import org.openloa.scheduler.broadcast.Priority;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The demo's daily schedule in every commune: the bulletins at 06:00, 11:00 and 17:00, and one of them every ten
 * minutes (at :05, :15…, clear of the daily ones) so that a newcomer hears something within minutes. The broadcasts
 * are the communes' own, so they air without waiting for a commune to accept them (Circular 39 offers apply to
 * what a province sends).
 */
@Component
@Profile("demo")
class DemoSchedule {

    private static final Logger log = LoggerFactory.getLogger(DemoSchedule.class);
    static final List<String> DAILY = List.of("06:00", "11:00", "17:00");
    /** A schedule holds at most 48 times a day: the every-ten-minutes is cut into three eight-hour parts. */
    private static final int PARTS = 3;

    private final BroadcastService broadcasts;

    DemoSchedule(BroadcastService broadcasts) {
        this.broadcasts = broadcasts;
    }

    void create(DemoData.Seeded seeded, List<UUID> bulletinIds) {
        Caller system = Caller.system();
        for (Area commune : seeded.communes()) {
            LocalDate today = LocalDate.now(commune.zone() == null ? Area.DEFAULT_ZONE : commune.zone());
            broadcasts.create(system, draft(commune, "Bản tin hằng ngày", bulletinIds, DAILY, today), false);
            for (int part = 0; part < PARTS; part++) {
                broadcasts.create(
                        system,
                        draft(
                                commune,
                                "Bản tin 10 phút (" + (part + 1) + "/" + PARTS + ")",
                                List.of(bulletinIds.get(0)),
                                everyTenMinutes(part),
                                today),
                        false);
            }
        }
        log.info(
                "Demo schedule: {} bulletins daily at {} and one every ten minutes (:05, :15…) in {} communes",
                bulletinIds.size(),
                DAILY,
                seeded.communes().size());
    }

    /** Part 0: 00:05 to 07:55, part 1: 08:05 to 15:55, part 2: 16:05 to 23:55. */
    static List<String> everyTenMinutes(int part) {
        List<String> times = new ArrayList<>();
        LocalTime first = LocalTime.of(part * 8, 5);
        for (int i = 0; i < 48; i++) {
            times.add(first.plusMinutes(10L * i).toString());
        }
        return times;
    }

    private static BroadcastDraft draft(
            Area commune, String title, List<UUID> bulletinIds, List<String> times, LocalDate from) {
        return new BroadcastDraft(
                commune.id(),
                title,
                bulletinIds,
                null,
                null,
                null,
                List.of(),
                new ScheduleSpec(
                        ScheduleSpec.RECURRING,
                        null,
                        Arrays.stream(DayOfWeek.values()).map(DayOfWeek::name).toList(),
                        null,
                        times,
                        from.toString(),
                        null,
                        null),
                Priority.NORMAL,
                null,
                1,
                null,
                null);
    }
}
