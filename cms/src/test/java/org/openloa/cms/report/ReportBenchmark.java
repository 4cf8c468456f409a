package org.openloa.cms.report;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.openloa.cms.Api;
import org.openloa.cms.OpenLoaApplication;
import org.openloa.cms.TestDatabase;
import org.postgresql.PGConnection;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A 12-month summary over 10,000 devices (issue 9's goal: ≤ 1 s), run by bench/reports/run.sh (not a test).
 *
 * <p>The world: a province of 100 communes of 3 villages, 10,000 devices (enrolled over a year ago) in the
 * villages. A day of raw rows is realistic: every device is sent 4 items a day (05:30, 11:00, 17:00, 19:00; 5 to
 * 15 minutes), plays 90 % of them to the end, 5 % interrupted half way, 5 % failed (and found missed); it is heard
 * in 95 % of its 5-minute slots. Yesterday's raw rows are folded by the real fold code ({@link DailyRollups#fold});
 * the 363 days before it get that day's rollup rows again, each figure scaled by a random 85-115 % (writing 365
 * days of raw rows, 1 billion heartbeat slots, is not something this machine can do per run). Today's raw rows,
 * up to now, stay raw: the summary reads them as it does on a server, so the figure includes the raw tail.
 *
 * <p>Timed, after warm-ups: {@code GET /api/v1/reports/summary} over HTTP for the last 365 days (province and one
 * commune), with an API token; and the floor: one plain SQL {@code sum()} over the same rollup rows.
 */
public final class ReportBenchmark {

    static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
    static final int[][] SESSIONS = {{5, 30}, {11, 0}, {17, 0}, {19, 0}};

    public static void main(String[] args) {
        int warmups = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        boolean postgres = args.length > 2 && args[2].equals("postgresql");
        int deviceCount = args.length > 3 ? Integer.parseInt(args[3]) : 10_000;
        String url = postgres
                ? TestDatabase.postgres().getJdbcUrl("postgres", "postgres")
                : "jdbc:h2:mem:bench-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        ConfigurableApplicationContext context = new SpringApplicationBuilder(OpenLoaApplication.class)
                .run(
                        "--spring.datasource.url=" + url,
                        "--spring.datasource.username=" + (postgres ? "postgres" : "sa"),
                        "--spring.datasource.password=" + (postgres ? "postgres" : ""),
                        "--server.port=0",
                        "--openloa.admin.username=admin",
                        "--openloa.admin.password=bench-password-1234",
                        "--openloa.data-dir=target/bench-data",
                        "--openloa.relay.probe.enabled=false",
                        "--logging.level.root=WARN",
                        "--spring.main.banner-mode=off");
        try {
            run(context, warmups, runs, postgres ? "PostgreSQL (embedded)" : "H2 in memory", deviceCount);
        } finally {
            context.close();
        }
        System.exit(0);
    }

    static void run(ConfigurableApplicationContext context, int warmups, int runs, String database, int deviceCount) {
        JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
        DailyRollups rollups = context.getBean(DailyRollups.class);
        Random random = new Random(42);
        Loader loader = new Loader(context.getBean(DataSource.class));
        long t0 = System.nanoTime();
        Phases phases = new Phases();
        World world = seed(loader, random, deviceCount);
        phases.done("areas and devices");
        LocalDate today = LocalDate.now(ZONE);
        Instant now = Instant.now();
        long[] raw = new long[3];
        rawDay(loader, random, world, today.minusDays(1), null, raw);
        phases.done("yesterday's raw rows");
        rollups.fold(today.minusDays(1));
        phases.done("yesterday folded (DailyRollups.fold: RawFigures.read of a whole day, 10,000 devices)");
        rawDay(loader, random, world, today, now, raw);
        phases.done("today's raw rows up to now");
        long rollupRows = copyRollups(jdbc, loader, random, today.minusDays(1), 363);
        phases.done("363 days of rollup rows");
        System.out.printf(
                Locale.ROOT,
                "%s; %d devices in %d communes (%d villages); raw rows: %d plan items, %d play logs, %d heartbeat"
                        + " slots (yesterday, folded, and today); %d rollup rows (365 days); generated in %.0f s (%s)%n",
                database,
                world.devices.size(),
                world.communes.size(),
                world.villages,
                raw[0],
                raw[1],
                raw[2],
                rollupRows,
                (System.nanoTime() - t0) / 1e9,
                phases);
        if (database.startsWith("PostgreSQL")) {
            // as autovacuum would by now on a server: statistics, and the visibility map for index-only scans
            jdbc.execute("vacuum analyze");
        }

        explain(jdbc, database.startsWith("PostgreSQL"), today, now);

        int port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
        Api admin = new Api(port).as("admin", "bench-password-1234");
        Timed http = new Timed(
                port, admin.post("/api/v1/tokens", Map.of("name", "bench")).text("token"));
        LocalDate from = today.minusDays(364);
        String province = "/api/v1/reports/summary?areaId=" + world.province + "&from=" + from + "&to=" + today;
        String commune = "/api/v1/reports/summary?areaId=" + world.communes.get(0) + "&from=" + from + "&to=" + today;
        System.out.printf(Locale.ROOT, "%-78s %8s %8s %8s %8s%n", "case (ms)", "first", "min", "median", "p90");
        report("floor: plain SQL sum() over the province's rollup rows, 365 days", warmups, runs, () -> {
            long start = System.nanoTime();
            jdbc.queryForList(
                    "select sum(planned_seconds), sum(aired_seconds), sum(heard_slots), sum(possible_slots)"
                            + " from report_day where zone_id = ? and local_day >= ? and local_day <= ?"
                            + " and area_path like ?",
                    ZONE.getId(),
                    Date.valueOf(from),
                    Date.valueOf(today),
                    "/" + world.province + "/%");
            return System.nanoTime() - start;
        });
        // Where the summary's time goes: its parts, called in-process as ReportService calls them.
        String provincePath = "/" + world.province + "/";
        java.util.List<org.openloa.cms.device.Device> installed = context
                .getBean(org.openloa.cms.device.DeviceService.class)
                .list(org.openloa.cms.access.Caller.system(), org.openloa.cms.device.DeviceQuery.all())
                .stream()
                .filter(d -> d.areaPath().startsWith(provincePath))
                .toList();
        RawFigures rawFigures = context.getBean(RawFigures.class);
        report("part: the province's devices (DeviceService.list)", warmups, runs, () -> {
            long start = System.nanoTime();
            context.getBean(org.openloa.cms.device.DeviceService.class)
                    .list(org.openloa.cms.access.Caller.system(), org.openloa.cms.device.DeviceQuery.all());
            return System.nanoTime() - start;
        });
        report("part: the rollups of 364 folded days (DailyRollups.read)", warmups, runs, () -> {
            long start = System.nanoTime();
            rollups.read(ZONE, from, today.minusDays(1), provincePath);
            return System.nanoTime() - start;
        });
        report("part: today from raw rows, no intraday fold (RawFigures.read)", warmups, runs, () -> {
            long start = System.nanoTime();
            rawFigures.read(installed, provincePath, ZONE, today, today, Instant.now());
            return System.nanoTime() - start;
        });
        Instant dayStart = today.atStartOfDay(ZONE).toInstant();
        Instant dayEnd = today.plusDays(1).atStartOfDay(ZONE).toInstant();
        // a province's devices are many: read by time range (RawFigures.byTime)
        report("part of it: today's plan items, by time (PlannedTime.startingBetween)", warmups, runs, () -> {
            long start = System.nanoTime();
            context.getBean(org.openloa.cms.edge.planned.PlannedTime.class).startingBetween(dayStart, dayEnd);
            return System.nanoTime() - start;
        });
        report("part of it: today's play logs, a day wider, by time (AiredTime.between)", warmups, runs, () -> {
            long start = System.nanoTime();
            context.getBean(org.openloa.cms.playlog.AiredTime.class)
                    .between(dayStart.minusSeconds(86_400), dayEnd.plusSeconds(86_400));
            return System.nanoTime() - start;
        });
        report("part of it: today's slots: heard, possible, outages (RawFigures.slots)", warmups, runs, () -> {
            long start = System.nanoTime();
            rawFigures.slots(installed, dayStart, Instant.now(), true, true);
            return System.nanoTime() - start;
        });
        report("part: today's streams and incidents but outages (StreamsAndIncidents.count)", warmups, runs, () -> {
            long start = System.nanoTime();
            context.getBean(StreamsAndIncidents.class).count(installed, provincePath, dayStart, dayEnd);
            return System.nanoTime() - start;
        });
        // The hourly job's intraday fold, as it stands at its worst: made an hour ago (up to two slots before that),
        // so a summary reads the last 70 minutes of slots raw.
        Instant until = Instant.ofEpochMilli(HeartbeatSlots.slotOf(Instant.now().minusSeconds(3600)))
                .minus(HeartbeatSlots.SLOT.multipliedBy(2));
        long foldStart = System.nanoTime();
        rollups.foldPart(ZONE, until);
        System.out.printf(
                Locale.ROOT,
                "%-78s %8.1f%n",
                "the intraday fold of today's slots up to " + until.atZone(ZONE).toLocalTime()
                        + " (DailyRollups.foldPart)",
                (System.nanoTime() - foldStart) / 1e6);
        report("part: the intraday fold (DailyRollups.partOf)", warmups, runs, () -> {
            long start = System.nanoTime();
            rollups.partOf(ZONE, today, provincePath);
            return System.nanoTime() - start;
        });
        report("part: today from raw rows, slots from the fold's end (RawFigures.read)", warmups, runs, () -> {
            long start = System.nanoTime();
            rawFigures.read(installed, provincePath, ZONE, today, today, Instant.now(), until);
            return System.nanoTime() - start;
        });
        // A commune's parts, after the intraday fold, as ReportService.summary calls them for the commune's year.
        UUID communeId = world.communes.get(0);
        String communePath = provincePath + communeId + "/";
        org.openloa.cms.device.DeviceService deviceService =
                context.getBean(org.openloa.cms.device.DeviceService.class);
        List<org.openloa.cms.device.Device> communeDevices = deviceService
                .list(
                        org.openloa.cms.access.Caller.system(),
                        new org.openloa.cms.device.DeviceQuery(communeId, null, null, false))
                .stream()
                .filter(d -> d.enrolledAt() != null)
                .toList();
        List<UUID> communeIds =
                communeDevices.stream().map(org.openloa.cms.device.Device::id).toList();
        System.out.printf(Locale.ROOT, "the commune: %d devices%n", communeDevices.size());
        explainCommune(jdbc, database.startsWith("PostgreSQL"), communePath, communeIds, dayStart, until);
        Instant yearStart = from.atStartOfDay(ZONE).toInstant();
        report("commune: its devices (DeviceService.list)", warmups, runs, () -> {
            long start = System.nanoTime();
            deviceService.list(
                    org.openloa.cms.access.Caller.system(),
                    new org.openloa.cms.device.DeviceQuery(communeId, null, null, false));
            return System.nanoTime() - start;
        });
        report("commune: bulletins produced, 365 days (BulletinCounts.producedUnder)", warmups, runs, () -> {
            long start = System.nanoTime();
            context.getBean(org.openloa.cms.bulletin.BulletinCounts.class)
                    .producedUnder(communePath, yearStart, dayEnd);
            return System.nanoTime() - start;
        });
        report("commune: the folded days (DailyRollups.folded, parted)", warmups, runs, () -> {
            long start = System.nanoTime();
            rollups.folded(ZONE, from, today);
            rollups.parted(ZONE, from, today);
            return System.nanoTime() - start;
        });
        report("commune: the rollups of 364 folded days (DailyRollups.read)", warmups, runs, () -> {
            long start = System.nanoTime();
            rollups.read(ZONE, from, today.minusDays(1), communePath);
            return System.nanoTime() - start;
        });
        report("commune: the intraday fold (DailyRollups.partOf)", warmups, runs, () -> {
            long start = System.nanoTime();
            rollups.partOf(ZONE, today, communePath);
            return System.nanoTime() - start;
        });
        report("commune: today raw, slots from the fold's end (RawFigures.read)", warmups, runs, () -> {
            long start = System.nanoTime();
            rawFigures.read(communeDevices, communePath, ZONE, today, today, Instant.now(), until);
            return System.nanoTime() - start;
        });
        report("commune, of it: missed plays (MissedPlayCounts.byAreaPath)", warmups, runs, () -> {
            long start = System.nanoTime();
            context.getBean(org.openloa.cms.plan.MissedPlayCounts.class).byAreaPath(communePath, dayStart, dayEnd);
            return System.nanoTime() - start;
        });
        report("commune, of it: plan items (PlannedTime.startingBetween)", warmups, runs, () -> {
            long start = System.nanoTime();
            context.getBean(org.openloa.cms.edge.planned.PlannedTime.class)
                    .startingBetween(communeIds, dayStart, dayEnd);
            return System.nanoTime() - start;
        });
        report("commune, of it: play logs, a day wider (AiredTime.between)", warmups, runs, () -> {
            long start = System.nanoTime();
            context.getBean(org.openloa.cms.playlog.AiredTime.class)
                    .between(communeIds, dayStart.minusSeconds(86_400), dayEnd.plusSeconds(86_400));
            return System.nanoTime() - start;
        });
        report("commune, of it: slots from the fold's end (RawFigures.slots)", warmups, runs, () -> {
            long start = System.nanoTime();
            rawFigures.slots(
                    communeDevices, until, Instant.now(), true, RawFigures.byTime(communeDevices, communePath));
            return System.nanoTime() - start;
        });
        report("commune, of it: streams and incidents (StreamsAndIncidents.count)", warmups, runs, () -> {
            long start = System.nanoTime();
            context.getBean(StreamsAndIncidents.class).count(communeDevices, communePath, dayStart, dayEnd);
            return System.nanoTime() - start;
        });
        report("commune: the whole in-process (ReportService.summary)", warmups, runs, () -> {
            long start = System.nanoTime();
            context.getBean(ReportService.class)
                    .summary(communeId, from, today, org.openloa.cms.access.Caller.system());
            return System.nanoTime() - start;
        });
        // The whole, over HTTP, after its parts (so a slow whole still leaves them printed); no client timeout.
        report("GET /api/v1/reports/summary, province (10,000 devices), 365 days", warmups, runs, () -> {
            long start = System.nanoTime();
            http.get(province);
            return System.nanoTime() - start;
        });
        report("GET /api/v1/reports/summary, one commune, 365 days", warmups, runs, () -> {
            long start = System.nanoTime();
            http.get(commune);
            return System.nanoTime() - start;
        });
        report("GET /api/v1/reports/summary, province, today only (raw rows)", warmups, runs, () -> {
            long start = System.nanoTime();
            http.get("/api/v1/reports/summary?areaId=" + world.province + "&from=" + today + "&to=" + today);
            return System.nanoTime() - start;
        });
        String answer = http.get(province);
        System.out.println("the province's 365 days: " + answer.substring(0, Math.min(answer.length(), 700)));
    }

    /**
     * The plan of the raw tail's slot query over today (EXPLAIN ANALYZE on PostgreSQL, EXPLAIN ANALYZE on H2: rows
     * read per index), so a run shows whether they read only the index.
     */
    static void explain(JdbcTemplate jdbc, boolean postgres, LocalDate today, Instant now) {
        Timestamp from = Timestamp.from(today.atStartOfDay(ZONE).toInstant());
        Timestamp end = Timestamp.from(now);
        Timestamp lookback = Timestamp.from(today.atStartOfDay(ZONE).toInstant().minusSeconds(1800));
        String[] queries = {
            // RawFigures.slots: one read of the index in time order (heard slots and outages are counted from it)
            "select device_id, slot_start from report_heartbeat_slot where slot_start >= ? and slot_start < ?"
                    + " order by slot_start"
        };
        Object[][] args = {{lookback, end}};
        for (int i = 0; i < queries.length; i++) {
            long start = System.nanoTime();
            try {
                List<String> plan = jdbc.queryForList(
                        (postgres ? "explain (analyze, buffers) " : "explain analyze ") + queries[i],
                        String.class,
                        args[i]);
                System.out.printf(Locale.ROOT, "plan (%.0f ms): %s%n", (System.nanoTime() - start) / 1e6, queries[i]);
                plan.forEach(line -> System.out.println("  " + line.replace("\n", "\n  ")));
            } catch (RuntimeException e) {
                System.out.println("no plan for " + queries[i] + ": " + e);
            }
        }
    }

    /**
     * The plans of a commune's queries (a hundred devices of 10,000): the slots, plan items and play logs of its
     * devices and the rollups under its path, so a run shows which index each one reads and how many rows.
     */
    static void explainCommune(
            JdbcTemplate jdbc, boolean postgres, String path, List<UUID> ids, Instant dayStart, Instant until) {
        String in = String.join(", ", java.util.Collections.nCopies(ids.size(), "?"));
        Timestamp from = Timestamp.from(dayStart);
        Timestamp slotsFrom = Timestamp.from(until.minus(StreamsAndIncidents.OUTAGE));
        Timestamp end = Timestamp.from(Instant.now());
        Timestamp dayEnd = Timestamp.from(dayStart.plusSeconds(86_400));
        List<String> queries = List.of(
                // before session 22: H2 read every slot of the table for this (its primary key, device_id not used)
                "select device_id, slot_start from report_heartbeat_slot where device_id in (" + in
                        + ") and slot_start >= ? and slot_start < ?",
                // RawFigures.slotsInOrder by device since: the ids as one array joined to the primary key
                "select s.device_id, s.slot_start from unnest(?) as i(id) join report_heartbeat_slot s"
                        + " on s.device_id = i.id where s.slot_start >= ? and s.slot_start < ?",
                "select device_id, item_id, planned_start, planned_end from device_plan_item where device_id in (" + in
                        + ") and planned_start >= ? and planned_start < ?",
                // before session 23: each device's play logs read whole (H2 narrows an IN list by device alone)
                "select device_id, item_id, outcome, started_at, ended_at, media_id from play_log where device_id in ("
                        + in + ") and outcome in ('PLAYED', 'INTERRUPTED') and started_at >= ? and started_at < ?",
                // AiredTime.between by device since: the ids as one array joined to (device_id, started_at)
                "select p.device_id, p.item_id, p.outcome, p.started_at, p.ended_at, p.media_id from unnest(?) as i(id)"
                        + " join play_log p on p.device_id = i.id where p.outcome in ('PLAYED', 'INTERRUPTED')"
                        + " and p.started_at >= ? and p.started_at < ?",
                // DailyRollups.read on H2: the rows from the covering scope index (V146), summed in Java
                "select area_path, local_day, planned_seconds, aired_seconds, missed_plays, heard_slots,"
                        + " possible_slots, live_seconds, relay_seconds, outages, failed_plays, relay_losses,"
                        + " missed_emergencies from report_day where zone_id = ? and area_path like ? and local_day >= ?"
                        + " and local_day <= ?");
        List<Object[]> args = new ArrayList<>();
        for (Object[] window : new Object[][] {{slotsFrom, end}, {from, dayEnd}, {from, dayEnd}}) {
            List<Object> a = new ArrayList<>(ids);
            a.addAll(Arrays.asList(window));
            args.add(a.toArray());
        }
        java.sql.Array array = jdbc.execute((org.springframework.jdbc.core.ConnectionCallback<java.sql.Array>)
                c -> c.createArrayOf("uuid", ids.toArray()));
        args.add(1, new Object[] {array, slotsFrom, end});
        args.add(new Object[] {array, from, dayEnd});
        args.add(new Object[] {
            ZONE.getId(),
            path + "%",
            Date.valueOf(LocalDate.now(ZONE).minusDays(364)),
            Date.valueOf(LocalDate.now(ZONE))
        });
        for (int i = 0; i < queries.size(); i++) {
            long start = System.nanoTime();
            String shown = queries.get(i).replace(in, "… " + ids.size() + " ids …");
            try {
                List<String> plan = jdbc.queryForList(
                        (postgres ? "explain (analyze, buffers) " : "explain analyze ") + queries.get(i),
                        String.class,
                        args.get(i));
                System.out.printf(Locale.ROOT, "plan (%.0f ms): %s%n", (System.nanoTime() - start) / 1e6, shown);
                plan.forEach(
                        line -> System.out.println("  " + line.replace(in, "…").replace("\n", "\n  ")));
            } catch (RuntimeException e) {
                System.out.println("no plan for " + shown + ": " + e);
            }
        }
    }

    /** Times a case: its first call (cold) apart, then {@code runs} calls after {@code warmups} more. */
    static void report(String name, int warmups, int runs, Supplier<Long> nanos) {
        double first = nanos.get() / 1e6;
        for (int i = 1; i < warmups; i++) {
            nanos.get();
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            ms[i] = nanos.get() / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf(
                Locale.ROOT,
                "%-78s %8.1f %8.1f %8.1f %8.1f%n",
                name,
                first,
                ms[0],
                ms[runs / 2],
                ms[(int) Math.ceil(runs * 0.9) - 1]);
    }

    record Device(UUID id, String path) {}

    record World(UUID province, List<UUID> communes, int villages, List<Device> devices) {}

    /** A province of 100 communes of 3 villages, and the devices, enrolled 400 days ago. Seeded, so stable. */
    static World seed(Loader loader, Random random, int deviceCount) {
        Timestamp created = Timestamp.from(Instant.now().minusSeconds(400L * 86_400));
        UUID province = UUID.randomUUID();
        String pPath = "/" + province + "/";
        List<Object[]> areas = new ArrayList<>();
        areas.add(new Object[] {province, "RB", "Tỉnh Báo Cáo", "province", null, pPath, created});
        List<UUID> communes = new ArrayList<>();
        List<UUID> villages = new ArrayList<>();
        List<String> villagePaths = new ArrayList<>();
        for (int c = 0; c < 100; c++) {
            UUID commune = UUID.randomUUID();
            String cPath = pPath + commune + "/";
            communes.add(commune);
            areas.add(new Object[] {commune, "RB-" + c, "Xã " + c, "commune", province, cPath, created});
            for (int v = 0; v < 3; v++) {
                UUID village = UUID.randomUUID();
                villages.add(village);
                villagePaths.add(cPath + village + "/");
                areas.add(new Object[] {
                    village, "RB-" + c + "-" + v, "Thôn " + v, "village", commune, cPath + village + "/", created
                });
            }
        }
        areas.replaceAll(a -> new Object[] {a[0], a[1], a[2], a[3], a[4], a[5], ZONE.getId(), a[6], 0});
        loader.load("area (id, code, name, kind, parent_id, path, time_zone, created_at, version)", areas);
        List<Device> devices = new ArrayList<>();
        List<Object[]> rows = new ArrayList<>();
        for (int d = 0; d < deviceCount; d++) {
            int v = random.nextInt(villages.size());
            UUID id = UUID.randomUUID();
            devices.add(new Device(id, villagePaths.get(v)));
            rows.add(new Object[] {id, villages.get(v), villagePaths.get(v), "Loa " + d, 80, 60, created, created, 0});
        }
        loader.load(
                "device (id, area_id, area_path, name, volume, poll_seconds, created_at, enrolled_at, version)", rows);
        return new World(province, communes, villages.size(), devices);
    }

    /** One day of raw rows for every device (up to {@code until}, when given): plan items, play logs, slots. */
    static void rawDay(Loader loader, Random random, World world, LocalDate day, Instant until, long[] counts) {
        Instant dayStart = day.atStartOfDay(ZONE).toInstant();
        Instant end = until != null ? until : day.plusDays(1).atStartOfDay(ZONE).toInstant();
        List<Object[]> items = new ArrayList<>();
        List<Object[]> logs = new ArrayList<>();
        List<Object[]> missed = new ArrayList<>();
        List<Object[]> slots = new ArrayList<>();
        for (Device d : world.devices) {
            for (int[] s : SESSIONS) {
                Instant start = day.atTime(s[0], s[1]).atZone(ZONE).toInstant();
                long seconds = 300 + random.nextInt(600);
                Instant stop = start.plusSeconds(seconds);
                if (stop.isAfter(end)) {
                    continue;
                }
                String item = "bench-" + day + "-" + s[0];
                items.add(new Object[] {d.id, item, Timestamp.from(start), Timestamp.from(stop)});
                int roll = random.nextInt(100);
                String outcome = roll < 90 ? "PLAYED" : roll < 95 ? "INTERRUPTED" : "FAILED";
                Instant logEnd = roll < 90 ? stop : roll < 95 ? start.plusSeconds(seconds / 2) : start.plusSeconds(1);
                logs.add(new Object[] {
                    UUID.randomUUID(),
                    d.id,
                    item,
                    Timestamp.from(start),
                    Timestamp.from(logEnd),
                    outcome,
                    Timestamp.from(logEnd.plusSeconds(5))
                });
                if (roll >= 95) {
                    missed.add(new Object[] {
                        d.id,
                        item,
                        UUID.randomUUID(),
                        d.path,
                        "NORMAL",
                        Timestamp.from(start),
                        Timestamp.from(stop),
                        Timestamp.from(stop.plusSeconds(600))
                    });
                }
            }
            for (Instant t = dayStart; t.isBefore(end); t = t.plusSeconds(300)) {
                if (random.nextInt(100) < 95) {
                    slots.add(new Object[] {d.id, Timestamp.from(t)});
                }
            }
            if (slots.size() > 200_000) {
                loader.load("report_heartbeat_slot (device_id, slot_start)", slots);
                counts[2] += slots.size();
                slots.clear();
            }
        }
        loader.load(
                "device_plan_item (device_id, item_id, planned_start, planned_end, first_listed)",
                items.stream()
                        .map(i -> new Object[] {i[0], i[1], i[2], i[3], i[2]})
                        .toList());
        loader.load("play_log (id, device_id, item_id, started_at, ended_at, outcome, received_at)", logs);
        loader.load(
                "missed_play (device_id, item_id, broadcast_id, area_path, priority, planned_start, planned_end,"
                        + " detected_at)",
                missed);
        loader.load("report_heartbeat_slot (device_id, slot_start)", slots);
        counts[0] += items.size();
        counts[1] += logs.size();
        counts[2] += slots.size();
    }

    private static long scaled(Map<String, Object> row, String column, double factor) {
        return Math.round(((Number) row.get(column)).longValue() * factor);
    }

    /** The folded day's rollup rows again for the {@code days} days before it, each figure scaled 85-115 %. */
    static long copyRollups(JdbcTemplate jdbc, Loader loader, Random random, LocalDate folded, int days) {
        List<Map<String, Object>> rows = jdbc.queryForList(
                "select area_path, planned_seconds, aired_seconds, missed_plays, heard_slots, possible_slots,"
                        + " live_seconds, relay_seconds, outages, failed_plays, relay_losses, missed_emergencies"
                        + " from report_day where zone_id = ? and local_day = ?",
                ZONE.getId(),
                Date.valueOf(folded));
        List<Map<String, Object>> categories = jdbc.queryForList(
                "select area_path, category, aired_seconds from report_day_category where zone_id = ? and local_day = ?",
                ZONE.getId(),
                Date.valueOf(folded));
        long written = 0;
        List<Object[]> allRows = new ArrayList<>();
        List<Object[]> allCategories = new ArrayList<>();
        List<Object[]> folds = new ArrayList<>();
        for (int back = 1; back <= days; back++) {
            Date day = Date.valueOf(folded.minusDays(back));
            List<Object[]> dayRows = new ArrayList<>();
            for (Map<String, Object> r : rows) {
                double f = 0.85 + random.nextDouble() * 0.3;
                long planned = Math.round(((Number) r.get("planned_seconds")).longValue() * f);
                long aired = Math.min(planned, Math.round(((Number) r.get("aired_seconds")).longValue() * f));
                long possible = ((Number) r.get("possible_slots")).longValue();
                long heard = Math.min(possible, Math.round(((Number) r.get("heard_slots")).longValue() * f));
                dayRows.add(new Object[] {
                    ZONE.getId(),
                    day,
                    r.get("area_path"),
                    planned,
                    aired,
                    Math.round(((Number) r.get("missed_plays")).longValue() * f),
                    heard,
                    possible,
                    scaled(r, "live_seconds", f),
                    scaled(r, "relay_seconds", f),
                    scaled(r, "outages", f),
                    scaled(r, "failed_plays", f),
                    scaled(r, "relay_losses", f),
                    scaled(r, "missed_emergencies", f)
                });
            }
            allRows.addAll(dayRows);
            List<Object[]> dayCategories = new ArrayList<>();
            for (Map<String, Object> r : categories) {
                dayCategories.add(new Object[] {
                    ZONE.getId(),
                    day,
                    r.get("area_path"),
                    r.get("category"),
                    Math.round(((Number) r.get("aired_seconds")).longValue() * (0.85 + random.nextDouble() * 0.3))
                });
            }
            allCategories.addAll(dayCategories);
            folds.add(new Object[] {ZONE.getId(), day, Timestamp.from(Instant.now()), DailyRollups.CONTENT});
            written += dayRows.size() + dayCategories.size();
        }
        loader.load(
                "report_day (zone_id, local_day, area_path, planned_seconds, aired_seconds, missed_plays, heard_slots,"
                        + " possible_slots, live_seconds, relay_seconds, outages, failed_plays, relay_losses,"
                        + " missed_emergencies)",
                allRows);
        loader.load("report_day_category (zone_id, local_day, area_path, category, aired_seconds)", allCategories);
        loader.load("report_fold (zone_id, local_day, folded_at, content_version)", folds);
        return written;
    }
    /** How long each step of the generation took, in seconds. */
    static final class Phases {
        private final StringBuilder done = new StringBuilder();
        private long since = System.nanoTime();

        void done(String phase) {
            long at = System.nanoTime();
            done.append(done.length() == 0 ? "" : "; ")
                    .append(phase)
                    .append(String.format(Locale.ROOT, " %.1f s", (at - since) / 1e9));
            since = at;
        }

        @Override
        public String toString() {
            return done.toString();
        }
    }

    /**
     * Writes generated rows fast: COPY on PostgreSQL, big JDBC batches in one transaction on H2 (Spring's
     * batchUpdate on an auto-commit connection made the generation take a quarter of an hour).
     */
    static final class Loader {
        private final DataSource dataSource;

        Loader(DataSource dataSource) {
            this.dataSource = dataSource;
        }

        /** Inserts {@code rows} into {@code table (columns)}, in that column order. */
        void load(String tableAndColumns, List<Object[]> rows) {
            if (rows.isEmpty()) {
                return;
            }
            try (Connection c = dataSource.getConnection()) {
                if (c.isWrapperFor(PGConnection.class)) {
                    copy(c.unwrap(PGConnection.class), tableAndColumns, rows);
                    return;
                }
                int columns = rows.get(0).length;
                String values = "(" + String.join(", ", java.util.Collections.nCopies(columns, "?")) + ")";
                boolean autoCommit = c.getAutoCommit();
                c.setAutoCommit(false);
                try (PreparedStatement insert =
                        c.prepareStatement("insert into " + tableAndColumns + " values " + values)) {
                    int batched = 0;
                    for (Object[] row : rows) {
                        for (int i = 0; i < columns; i++) {
                            insert.setObject(i + 1, row[i]);
                        }
                        insert.addBatch();
                        if (++batched == 10_000) {
                            insert.executeBatch();
                            batched = 0;
                        }
                    }
                    insert.executeBatch();
                    c.commit();
                } finally {
                    c.setAutoCommit(autoCommit);
                }
            } catch (SQLException | IOException e) {
                throw new IllegalStateException("could not load " + tableAndColumns, e);
            }
        }

        private static void copy(PGConnection c, String tableAndColumns, List<Object[]> rows)
                throws SQLException, IOException {
            StringBuilder text = new StringBuilder(rows.size() * 64);
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    text.append(i == 0 ? "" : "\t").append(copyText(row[i]));
                }
                text.append('\n');
            }
            c.getCopyAPI().copyIn("copy " + tableAndColumns + " from stdin", new StringReader(text.toString()));
        }

        private static String copyText(Object value) {
            if (value == null) {
                return "\\N";
            }
            if (value instanceof Timestamp t) {
                return t.toInstant().toString();
            }
            return value.toString()
                    .replace("\\", "\\\\")
                    .replace("\t", "\\t")
                    .replace("\n", "\\n")
                    .replace("\r", "\\r");
        }
    }

    /** GET over HTTP with an API token and no client timeout: a slow answer is timed, not given up on. */
    static final class Timed {
        private final HttpClient client = HttpClient.newHttpClient();
        private final String base;
        private final String token;

        Timed(int port, String token) {
            this.base = "http://localhost:" + port;
            this.token = token;
        }

        String get(String path) {
            try {
                HttpResponse<String> r = client.send(
                        HttpRequest.newBuilder(URI.create(base + path))
                                .header("Authorization", "Bearer " + token)
                                .header("Accept", "application/json")
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    throw new IllegalStateException(r.statusCode() + " " + r.body());
                }
                return r.body();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
