package org.openloa.scheduler;

import java.net.URI;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.openloa.scheduler.broadcast.Acceptance;
import org.openloa.scheduler.broadcast.Broadcast;
import org.openloa.scheduler.broadcast.BroadcastId;
import org.openloa.scheduler.broadcast.BroadcastState;
import org.openloa.scheduler.broadcast.Content;
import org.openloa.scheduler.broadcast.MediaId;
import org.openloa.scheduler.broadcast.MediaItem;
import org.openloa.scheduler.broadcast.Playlist;
import org.openloa.scheduler.broadcast.Priority;
import org.openloa.scheduler.broadcast.StreamSlot;
import org.openloa.scheduler.broadcast.Volume;
import org.openloa.scheduler.reach.AreaId;
import org.openloa.scheduler.reach.DeviceId;
import org.openloa.scheduler.reach.DeviceProfile;
import org.openloa.scheduler.reach.Tag;
import org.openloa.scheduler.reach.Targets;
import org.openloa.scheduler.schedule.Once;
import org.openloa.scheduler.schedule.Recurring;
import org.openloa.scheduler.schedule.Schedule;

/** A small world for tests: one province, two communes, a few devices, and a broadcast builder. */
public final class Fixtures {

    public static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");
    public static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    public static final ZoneId LONDON = ZoneId.of("Europe/London");

    public static final AreaId PROVINCE = new AreaId("province-ha-tinh");
    public static final AreaId COMMUNE_A = new AreaId("commune-a");
    public static final AreaId COMMUNE_B = new AreaId("commune-b");
    public static final AreaId VILLAGE_A1 = new AreaId("village-a1");

    /** Monday. */
    public static final LocalDate MONDAY_8_MARCH_2027 = LocalDate.of(2027, 3, 8);

    public static final Set<DayOfWeek> WEEKDAYS = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);

    private Fixtures() {}

    /** A device in commune A (village a1) of the province, in Vietnam's zone. */
    public static DeviceProfile deviceInCommuneA(String id, String... tags) {
        return device(id, VIETNAM, Set.of(PROVINCE, COMMUNE_A, VILLAGE_A1), tags);
    }

    public static DeviceProfile deviceInCommuneB(String id, String... tags) {
        return device(id, VIETNAM, Set.of(PROVINCE, COMMUNE_B), tags);
    }

    public static DeviceProfile device(String id, ZoneId zone, Set<AreaId> areas, String... tags) {
        return new DeviceProfile(
                new DeviceId(id), zone, areas, Arrays.stream(tags).map(Tag::new).collect(Collectors.toSet()));
    }

    /** A local date-time in Vietnam, as an instant. */
    public static Instant vn(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(VIETNAM).toInstant();
    }

    public static Window vnDay(String localDate) {
        LocalDate day = LocalDate.parse(localDate);
        return new Window(
                day.atStartOfDay(VIETNAM).toInstant(),
                day.plusDays(1).atStartOfDay(VIETNAM).toInstant());
    }

    public static Window vnWindow(String from, String to) {
        return new Window(vn(from), vn(to));
    }

    public static Duration minutes(long minutes) {
        return Duration.ofMinutes(minutes);
    }

    public static MediaItem media(String id, long minutes) {
        return new MediaItem(new MediaId(id), minutes(minutes));
    }

    public static Once onceAt(String localDateTimeInVietnam) {
        return new Once(
                LocalDateTime.parse(localDateTimeInVietnam).atZone(VIETNAM).toOffsetDateTime());
    }

    public static Recurring dailyAt(String startDate, String endDate, String... times) {
        return Recurring.daily(
                LocalDate.parse(startDate),
                endDate == null ? null : LocalDate.parse(endDate),
                Arrays.stream(times).map(LocalTime::parse).toArray(LocalTime[]::new));
    }

    public static BroadcastBuilder broadcast(String id) {
        return new BroadcastBuilder(id);
    }

    /** Builds broadcasts with plain defaults: NORMAL, one 10-minute bulletin, commune A, may wait 30 minutes. */
    public static final class BroadcastBuilder {

        private final String id;
        private Instant createdAt = Instant.parse("2027-01-01T00:00:00Z");
        private Content content = Playlist.of(media("bulletin", 10));
        private int repeatCount = 1;
        private Priority priority = Priority.NORMAL;
        private Volume volume = new Volume(80);
        private Schedule schedule = onceAt("2027-03-08T06:00");
        private Targets targets = Targets.areas(COMMUNE_A);
        private BroadcastState state = BroadcastState.ACTIVE;
        private Acceptance acceptance = Acceptance.NOT_REQUIRED;
        private Duration maxDelay = minutes(30);

        private BroadcastBuilder(String id) {
            this.id = id;
        }

        public BroadcastBuilder at(String localDateTimeInVietnam) {
            this.schedule = onceAt(localDateTimeInVietnam);
            return this;
        }

        public BroadcastBuilder schedule(Schedule schedule) {
            this.schedule = schedule;
            return this;
        }

        public BroadcastBuilder createdAt(String instant) {
            this.createdAt = Instant.parse(instant);
            return this;
        }

        /** A playlist of media items of these lengths in minutes, named {@code <id>-1}, {@code <id>-2}... */
        public BroadcastBuilder minutesOfMedia(long... lengths) {
            List<MediaItem> items = new ArrayList<>();
            for (int i = 0; i < lengths.length; i++) {
                items.add(media(id + "-" + (i + 1), lengths[i]));
            }
            this.content = new Playlist(items);
            return this;
        }

        public BroadcastBuilder stream(String url, long minutes) {
            this.content = new StreamSlot(URI.create(url), minutes(minutes));
            return this;
        }

        public BroadcastBuilder repeat(int times) {
            this.repeatCount = times;
            return this;
        }

        public BroadcastBuilder priority(Priority priority) {
            this.priority = priority;
            return this;
        }

        public BroadcastBuilder emergency() {
            return priority(Priority.EMERGENCY);
        }

        public BroadcastBuilder volume(int percent) {
            this.volume = new Volume(percent);
            return this;
        }

        public BroadcastBuilder targets(Targets targets) {
            this.targets = targets;
            return this;
        }

        public BroadcastBuilder state(BroadcastState state) {
            this.state = state;
            return this;
        }

        public BroadcastBuilder acceptance(Acceptance acceptance) {
            this.acceptance = acceptance;
            return this;
        }

        public BroadcastBuilder mayWait(Duration maxDelay) {
            this.maxDelay = maxDelay;
            return this;
        }

        public BroadcastBuilder onTimeOrNotAtAll() {
            return mayWait(Duration.ZERO);
        }

        public Broadcast build() {
            return new Broadcast(
                    new BroadcastId(id),
                    createdAt,
                    content,
                    repeatCount,
                    priority,
                    volume,
                    schedule,
                    targets,
                    state,
                    acceptance,
                    maxDelay);
        }
    }
}
