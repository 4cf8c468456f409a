package org.openloa.scheduler.bench;

import java.net.URI;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import org.openloa.scheduler.Window;
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
import org.openloa.scheduler.plan.Plan;
import org.openloa.scheduler.plan.PlanResolver;
import org.openloa.scheduler.reach.AreaId;
import org.openloa.scheduler.reach.DeviceId;
import org.openloa.scheduler.reach.DeviceProfile;
import org.openloa.scheduler.reach.Reach;
import org.openloa.scheduler.reach.Tag;
import org.openloa.scheduler.reach.Targets;
import org.openloa.scheduler.schedule.Once;
import org.openloa.scheduler.schedule.Recurring;
import org.openloa.scheduler.schedule.Schedule;

/**
 * Plans for 10,000 devices, 500 broadcasts and a 7-day window, then the re-plan after one broadcast
 * changes, with a baseline (expanding and sorting occurrences, no rules) measured in the same run.
 * Not a unit test: run it with {@code bench/scheduler/run.sh}. Uses only the public API, as cms would.
 *
 * <p>Arguments: {@code [warmups=5] [runs=15] [devices=10000] [broadcasts=500]}.
 */
public final class PlanBenchmark {

    private static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
    private static final LocalDate MONDAY = LocalDate.of(2027, 3, 8);
    private static final Window WEEK = new Window(
            MONDAY.atStartOfDay(ZONE).toInstant(),
            MONDAY.plusDays(7).atStartOfDay(ZONE).toInstant());
    private static final int PROVINCES = 3;
    private static final int COMMUNES_PER_PROVINCE = 100;
    private static final int VILLAGES_PER_COMMUNE = 3;
    private static final List<String> TAGS = List.of("market", "school", "riverside", "centre", "clinic");
    private static final List<LocalTime> SLOTS = parseTimes(
            "05:30", "06:00", "06:15", "06:30", "11:00", "11:30", "16:30", "17:00", "17:30", "18:00", "19:00");

    private static volatile long sink;

    private PlanBenchmark() {}

    public static void main(String[] args) {
        int warmups = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        int deviceCount = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        int broadcastCount = args.length > 3 ? Integer.parseInt(args[3]) : 500;

        Random random = new Random(2027);
        List<DeviceProfile> devices = devices(deviceCount, random);
        List<Broadcast> broadcasts = broadcasts(broadcastCount, random);
        PlanResolver resolver = new PlanResolver(Clock.fixed(WEEK.from(), ZONE));

        Broadcast communeBroadcast = firstTargeting(broadcasts, "commune-");
        Broadcast provinceBroadcast = firstTargeting(broadcasts, "province-");
        Change typical = change(broadcasts, communeBroadcast);
        Change widest = change(broadcasts, provinceBroadcast);
        Reach index = Reach.of(devices);

        long coldStart = System.nanoTime();
        Map<DeviceId, Plan> all = resolver.resolveAll(devices, broadcasts, WEEK);
        double coldMillis = (System.nanoTime() - coldStart) / 1e6;
        describe(devices, broadcasts, all, index, typical, widest);
        System.out.printf(
                Locale.ROOT, "first resolveAll in this JVM (cold, before any warm-up): %.1f ms%n", coldMillis);

        List<Case> cases = List.of(
                new Case(
                        "baseline: expand every device's occurrences and sort them (no cache, no rules)",
                        () -> expandAndSort(devices, broadcasts)),
                new Case(
                        "baseline: expand each broadcast once per zone, gather and sort per device (no rules)",
                        () -> expandOnceAndSort(devices, broadcasts)),
                new Case(
                        "one by one: resolve(device, its broadcasts) per device, nothing shared between devices",
                        () -> resolveOneByOne(resolver, index, broadcasts)),
                new Case(
                        String.format(
                                Locale.ROOT, "resolveAll: %,d plans (reach, expansion, placement)", devices.size()),
                        () -> count(resolver.resolveAll(devices, broadcasts, WEEK))),
                new Case(
                        "baseline for one change: affected devices, expand and sort only (commune broadcast)",
                        () -> expandAndSort(affectedDevices(index, typical), typical.after)),
                new Case(
                        "one change, commune broadcast: affected devices + their re-plan",
                        () -> replan(resolver, index, typical)),
                new Case(
                        "one change, province-wide broadcast: affected devices + their re-plan",
                        () -> replan(resolver, index, widest)));

        for (int i = 0; i < warmups; i++) {
            for (Case c : cases) {
                sink += c.work.get();
            }
        }
        System.out.printf(Locale.ROOT, "%n%d warm-up rounds, then %d timed runs each (ms):%n", warmups, runs);
        System.out.printf(Locale.ROOT, "%-92s %8s %8s %8s %8s%n", "case", "min", "median", "p90", "max");
        for (Case c : cases) {
            double[] millis = new double[runs];
            for (int i = 0; i < runs; i++) {
                long start = System.nanoTime();
                sink += c.work.get();
                millis[i] = (System.nanoTime() - start) / 1e6;
            }
            Arrays.sort(millis);
            System.out.printf(
                    Locale.ROOT,
                    "%-92s %8.1f %8.1f %8.1f %8.1f%n",
                    c.name,
                    millis[0],
                    millis[runs / 2],
                    millis[(int) Math.ceil(runs * 0.9) - 1],
                    millis[runs - 1]);
        }
        System.out.println("(sink " + sink + ")");
    }

    private record Case(String name, Supplier<Long> work) {}

    /** One broadcast before and after an edit (a time added), and the full list after it. */
    private record Change(Broadcast before, Broadcast edited, List<Broadcast> after) {}

    private static Change change(List<Broadcast> broadcasts, Broadcast before) {
        Recurring schedule = (Recurring) before.schedule();
        List<LocalTime> times = new ArrayList<>(schedule.times());
        times.add(LocalTime.of(20, 0));
        Broadcast edited = before.withSchedule(new Recurring(
                schedule.daysOfWeek(),
                schedule.daysOfMonth(),
                times,
                schedule.startDate(),
                schedule.endDate(),
                schedule.exceptDates()));
        List<Broadcast> after = new ArrayList<>(broadcasts);
        after.set(after.indexOf(before), edited);
        return new Change(before, edited, after);
    }

    /** What cms does after saving a change: find the devices it touches, re-plan only those. */
    private static long replan(PlanResolver resolver, Reach index, Change change) {
        return count(resolver.resolveAll(affectedDevices(index, change), change.after, WEEK));
    }

    private static List<DeviceProfile> affectedDevices(Reach index, Change change) {
        Set<DeviceId> affected = index.affectedByChange(change.before.targets(), change.edited.targets());
        List<DeviceProfile> devices = new ArrayList<>(affected.size());
        for (DeviceProfile device : index.devices()) {
            if (affected.contains(device.id())) {
                devices.add(device);
            }
        }
        return devices;
    }

    /** The baseline: every device's occurrences, expanded per device and sorted, with no placement rules. */
    private static long expandAndSort(List<DeviceProfile> devices, List<Broadcast> broadcasts) {
        Map<DeviceId, List<Broadcast>> byDevice = Reach.of(devices).byDevice(broadcasts, Broadcast::targets);
        long total = 0;
        for (DeviceProfile device : devices) {
            List<Instant> starts = new ArrayList<>();
            for (Broadcast broadcast : byDevice.get(device.id())) {
                starts.addAll(broadcast.schedule().occurrences(device.zone(), WEEK));
            }
            Collections.sort(starts);
            total += starts.size();
        }
        return total;
    }

    /** What cms would do with {@link PlanResolver#resolve} alone, each device on its own. */
    private static long resolveOneByOne(PlanResolver resolver, Reach index, List<Broadcast> broadcasts) {
        Map<DeviceId, List<Broadcast>> byDevice = index.byDevice(broadcasts, Broadcast::targets);
        long total = 0;
        for (DeviceProfile device : index.devices()) {
            Plan plan = resolver.resolve(device, byDevice.get(device.id()), WEEK);
            total += plan.items().size() + plan.unplaced().size();
        }
        return total;
    }

    /** The tighter baseline: the least work any planner does, each device's occurrences in order. */
    private static long expandOnceAndSort(List<DeviceProfile> devices, List<Broadcast> broadcasts) {
        Map<DeviceId, List<Broadcast>> byDevice = Reach.of(devices).byDevice(broadcasts, Broadcast::targets);
        Map<Broadcast, Map<ZoneId, List<Instant>>> expanded = new java.util.IdentityHashMap<>();
        long total = 0;
        for (DeviceProfile device : devices) {
            List<Instant> starts = new ArrayList<>();
            for (Broadcast broadcast : byDevice.get(device.id())) {
                starts.addAll(expanded.computeIfAbsent(broadcast, b -> new java.util.HashMap<>())
                        .computeIfAbsent(
                                device.zone(), zone -> broadcast.schedule().occurrences(zone, WEEK)));
            }
            Collections.sort(starts);
            total += starts.size();
        }
        return total;
    }

    private static long count(Map<DeviceId, Plan> plans) {
        long items = 0;
        for (Plan plan : plans.values()) {
            items += plan.items().size() + plan.unplaced().size();
        }
        return items;
    }

    private static void describe(
            List<DeviceProfile> devices,
            List<Broadcast> broadcasts,
            Map<DeviceId, Plan> all,
            Reach index,
            Change typical,
            Change widest) {
        long items = 0;
        long unplaced = 0;
        long cut = 0;
        int most = 0;
        Map<String, Long> reasons = new java.util.TreeMap<>();
        Set<List<?>> distinct = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Plan plan : all.values()) {
            items += plan.items().size();
            unplaced += plan.unplaced().size();
            plan.unplaced().forEach(u -> reasons.merge(u.reason().name(), 1L, Long::sum));
            distinct.add(plan.items());
            cut += plan.items().stream().filter(i -> i.cut()).count();
            most = Math.max(most, plan.items().size());
        }
        Map<DeviceId, List<Broadcast>> byDevice = index.byDevice(broadcasts, Broadcast::targets);
        double perDevice =
                byDevice.values().stream().mapToInt(List::size).average().orElse(0);
        System.out.printf(
                Locale.ROOT,
                "java %s, %d processors, max heap %d MB%n",
                System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf(
                Locale.ROOT,
                "world: %d devices in %d communes of %d provinces, %d broadcasts "
                        + "(%d emergency, %d priority), window %s .. %s (7 days)%n",
                devices.size(),
                PROVINCES * COMMUNES_PER_PROVINCE,
                PROVINCES,
                broadcasts.size(),
                broadcasts.stream()
                        .filter(b -> b.priority() == Priority.EMERGENCY)
                        .count(),
                broadcasts.stream()
                        .filter(b -> b.priority() == Priority.PRIORITY)
                        .count(),
                WEEK.from(),
                WEEK.to());
        System.out.printf(
                Locale.ROOT,
                "per device: %.1f broadcasts reach it on average; plans hold %d items "
                        + "(%.1f per device, at most %d), %d cut by emergencies; %d reported unplaced %s%n",
                perDevice,
                items,
                items / (double) devices.size(),
                most,
                cut,
                unplaced,
                reasons);
        System.out.printf(
                Locale.ROOT,
                "devices hearing the same broadcasts share a timeline: %d distinct timelines " + "for %d devices%n",
                distinct.size(),
                devices.size());
        System.out.printf(
                Locale.ROOT,
                "one change: commune broadcast %s reaches %d devices; province-wide %s reaches %d%n",
                typical.before.id(),
                affectedDevices(index, typical).size(),
                widest.before.id(),
                affectedDevices(index, widest).size());
    }

    private static List<DeviceProfile> devices(int count, Random random) {
        List<DeviceProfile> devices = new ArrayList<>(count);
        int communes = PROVINCES * COMMUNES_PER_PROVINCE;
        for (int i = 0; i < count; i++) {
            int commune = i % communes;
            int province = commune / COMMUNES_PER_PROVINCE;
            int village = (i / communes) % VILLAGES_PER_COMMUNE;
            Set<Tag> tags = new HashSet<>();
            for (int t = random.nextInt(3); t > 0; t--) {
                tags.add(new Tag(TAGS.get(random.nextInt(TAGS.size()))));
            }
            devices.add(new DeviceProfile(
                    new DeviceId("device-" + i),
                    ZONE,
                    Set.of(province(province), commune(commune), new AreaId("village-" + commune + "-" + village)),
                    tags));
        }
        return devices;
    }

    /**
     * 500 broadcasts: per province 5 NORMAL (awaiting each commune's acceptance, 70% accept) and 2 PRIORITY
     * bulletins; 9 emergencies in the week; the rest commune-level, mostly NORMAL, some for a village or a
     * tag, a few streams, a few paused. Recurring ones pick 1 to 3 of 11 usual session times, so they
     * collide often: the resolver has real work to do.
     */
    private static List<Broadcast> broadcasts(int count, Random random) {
        List<Broadcast> broadcasts = new ArrayList<>(count);
        for (int p = 0; p < PROVINCES; p++) {
            for (int n = 0; n < 5; n++) {
                Set<AreaId> accepting = new HashSet<>();
                for (int c = p * COMMUNES_PER_PROVINCE; c < (p + 1) * COMMUNES_PER_PROVINCE; c++) {
                    if (random.nextInt(10) < 7) {
                        accepting.add(commune(c));
                    }
                }
                broadcasts.add(broadcast(
                        broadcasts.size(),
                        random,
                        Priority.NORMAL,
                        Targets.areas(province(p)),
                        recurring(random),
                        new Acceptance(true, accepting),
                        false));
            }
            for (int n = 0; n < 2; n++) {
                broadcasts.add(broadcast(
                        broadcasts.size(),
                        random,
                        Priority.PRIORITY,
                        Targets.areas(province(p)),
                        recurring(random),
                        Acceptance.NOT_REQUIRED,
                        false));
            }
        }
        for (int e = 0; e < 9; e++) {
            Targets targets = e < 3 ? Targets.areas(province(e)) : Targets.areas(commune(random.nextInt(300)));
            Instant at = WEEK.from().plus(Duration.ofMinutes(60L * 6 + random.nextInt(7 * 24 * 60 - 12 * 60)));
            broadcasts.add(broadcast(
                    broadcasts.size(),
                    random,
                    Priority.EMERGENCY,
                    targets,
                    new Once(at.atZone(ZONE).toOffsetDateTime()),
                    Acceptance.NOT_REQUIRED,
                    false));
        }
        while (broadcasts.size() < count) {
            int commune = random.nextInt(PROVINCES * COMMUNES_PER_PROVINCE);
            int kind = random.nextInt(100);
            Targets targets = kind < 70
                    ? Targets.areas(commune(commune))
                    : kind < 85
                            ? Targets.areas(
                                    new AreaId("village-" + commune + "-" + random.nextInt(VILLAGES_PER_COMMUNE)))
                            : new Targets(
                                    Set.of(commune(commune)), Set.of(new Tag(TAGS.get(random.nextInt(TAGS.size())))));
            Priority priority = random.nextInt(100) < 6 ? Priority.PRIORITY : Priority.NORMAL;
            broadcasts.add(broadcast(
                    broadcasts.size(), random, priority, targets, recurring(random), Acceptance.NOT_REQUIRED, true));
        }
        return broadcasts;
    }

    private static Broadcast broadcast(
            int index,
            Random random,
            Priority priority,
            Targets targets,
            Schedule schedule,
            Acceptance acceptance,
            boolean communeLevel) {
        boolean stream = priority == Priority.NORMAL && random.nextInt(100) < 5;
        Content content;
        if (stream) {
            content = new StreamSlot(
                    URI.create("https://radio.example/" + index), Duration.ofMinutes(15 + random.nextInt(16)));
        } else {
            List<MediaItem> items = new ArrayList<>();
            for (int m = 1 + random.nextInt(3); m > 0; m--) {
                items.add(new MediaItem(
                        new MediaId("media-" + index + "-" + m), Duration.ofSeconds(120 + random.nextInt(480))));
            }
            content = new Playlist(items);
        }
        // A commune operator pauses one of their own bulletins now and then; province content may wait an
        // hour behind local items, a commune's own items mostly 15 to 60 minutes, one in ten not at all.
        BroadcastState state = communeLevel && random.nextInt(100) < 3 ? BroadcastState.PAUSED : BroadcastState.ACTIVE;
        int waitMinutes = !communeLevel
                ? 60
                : random.nextInt(10) == 0 ? 0 : List.of(15, 30, 60).get(random.nextInt(3));
        return new Broadcast(
                new BroadcastId(String.format("broadcast-%03d", index)),
                Instant.parse("2027-01-01T00:00:00Z").plusSeconds(index * 60L),
                content,
                stream ? 1 : 1 + random.nextInt(2),
                priority,
                new Volume(60 + random.nextInt(40)),
                schedule,
                targets,
                state,
                acceptance,
                Duration.ofMinutes(waitMinutes));
    }

    private static Recurring recurring(Random random) {
        Set<LocalTime> times = new HashSet<>();
        for (int t = 1 + random.nextInt(3); t > 0; t--) {
            times.add(SLOTS.get(random.nextInt(SLOTS.size())));
        }
        int kind = random.nextInt(10);
        Set<DayOfWeek> days = kind < 5 ? EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY) : Set.of();
        Set<Integer> daysOfMonth = kind == 9 ? Set.of(1, 10, 15) : Set.of();
        if (kind == 9) {
            days = EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.THURSDAY);
        }
        Set<LocalDate> except = random.nextInt(4) == 0 ? Set.of(MONDAY.plusDays(random.nextInt(7))) : Set.of();
        return new Recurring(
                days,
                daysOfMonth,
                new ArrayList<>(times),
                MONDAY.minusDays(random.nextInt(30)),
                MONDAY.plusDays(30 + random.nextInt(60)),
                except);
    }

    private static Broadcast firstTargeting(List<Broadcast> broadcasts, String areaPrefix) {
        return broadcasts.stream()
                .filter(b -> b.schedule() instanceof Recurring && b.state() == BroadcastState.ACTIVE)
                .filter(b -> b.targets().tags().isEmpty()
                        && b.targets().areas().size() == 1
                        && b.targets().areas().iterator().next().value().startsWith(areaPrefix))
                .findFirst()
                .orElseThrow();
    }

    private static AreaId province(int index) {
        return new AreaId("province-" + index);
    }

    private static AreaId commune(int index) {
        return new AreaId("commune-" + index);
    }

    private static List<LocalTime> parseTimes(String... times) {
        return Arrays.stream(times).map(LocalTime::parse).toList();
    }
}
