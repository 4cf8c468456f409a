package org.openloa.cms.plan;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;
import org.openloa.cms.OpenLoaApplication;
import org.openloa.cms.TestDatabase;
import org.openloa.cms.access.Caller;
import org.openloa.cms.access.Role;
import org.openloa.cms.broadcast.BroadcastChanged;
import org.openloa.cms.broadcast.BroadcastDraft;
import org.openloa.cms.broadcast.BroadcastService;
import org.openloa.cms.broadcast.Programmes;
import org.openloa.cms.device.DeviceProfiles;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What one broadcast change costs cms with a province-sized database behind it: 10,000 devices in 900
 * villages of 300 communes, 500 broadcasts. Run by bench/scheduling-cms/run.sh (not a test).
 *
 * <p>Cases, each after warm-ups, timed in the same JVM: the re-plan alone (PlanKeeper: find the devices the
 * change reaches, load the broadcasts, resolve the old and new plans over the horizon, bump the versions that
 * differ) for a commune broadcast and a province-wide one, with a baseline change that reaches no device; and
 * the whole service call (validation, span, preview, conflicts, save, audit, re-plan) for the same changes.
 */
public final class ReplanBenchmark {

    static final Caller SYSTEM = new Caller(new UUID(0, 0), "bench", EnumSet.of(Role.ADMIN), null, "/");
    static final String[] SESSIONS = {
        "05:30", "06:00", "06:30", "07:00", "11:00", "11:30", "16:30", "17:00", "17:30", "18:00", "19:00"
    };
    static final String[] TAGS = {"cho", "truong", "tram-y-te", "ben-xe", "ubnd"};

    /**
     * The size of the world: a province-sized one (3 provinces of 100 communes, 10,000 devices, 500 broadcasts), or
     * the country (issue 13: 34 provinces, 3,321 communes, 50,000 devices, 5,000 broadcasts). Communes have three
     * villages each; one broadcast in fifty is province-wide.
     */
    record Scale(String name, int provinces, int communes, int devices, int broadcasts) {
        static Scale of(String name) {
            return switch (name) {
                case "province" -> new Scale(name, 3, 300, 10_000, 500);
                case "national" -> new Scale(name, 34, 3_321, 50_000, 5_000);
                default -> throw new IllegalArgumentException("scale: province or national, not " + name);
            };
        }
    }

    static Scale scale = Scale.of("province");

    public static void main(String[] args) {
        int warmups = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        boolean postgres = args.length > 2 && args[2].equals("postgresql");
        scale = Scale.of(args.length > 3 ? args[3] : "province");
        String url = postgres
                ? TestDatabase.postgres().getJdbcUrl("postgres", "postgres")
                : "jdbc:h2:mem:bench-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        // As command-line arguments: they win over application.properties (default properties would not).
        ConfigurableApplicationContext context = new SpringApplicationBuilder(OpenLoaApplication.class)
                .run(
                        "--spring.datasource.url=" + url,
                        "--spring.datasource.username=" + (postgres ? "postgres" : "sa"),
                        "--spring.datasource.password=" + (postgres ? "postgres" : ""),
                        "--server.port=0",
                        "--openloa.admin.password=bench-password-1234",
                        "--openloa.data-dir=target/bench-data",
                        "--logging.level.root=WARN",
                        "--spring.main.banner-mode=off");
        try {
            run(context, warmups, runs, postgres ? "PostgreSQL 17 (embedded)" : "H2 in memory");
        } finally {
            context.close();
        }
        System.exit(0);
    }

    static void run(ConfigurableApplicationContext context, int warmups, int runs, String database) {
        JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
        TransactionTemplate transaction = context.getBean(TransactionTemplate.class);
        World world = seed(jdbc, new Random(42));
        // Rows written behind the services' back: the programme token moves, as every change through them does.
        moveProgrammeToken(jdbc);
        BroadcastService service = context.getBean(BroadcastService.class);
        Programmes programmes = context.getBean(Programmes.class);
        PlanKeeper keeper = context.getBean(PlanKeeper.class);
        System.out.printf(
                Locale.ROOT,
                "%s, %s scale; %d devices, %d broadcasts, %d communes; %d warm-ups, %d runs (ms)%n",
                database,
                scale.name(),
                world.devices,
                world.broadcasts,
                world.communes.size(),
                warmups,
                runs);
        System.out.printf(Locale.ROOT, "%-66s %8s %8s %8s %8s%n", "case", "min", "median", "p90", "cpu med");

        int[] volume = {60};
        for (Map.Entry<String, UUID> c : Map.of(
                        "reaching no device (baseline)",
                        world.empty,
                        "commune broadcast",
                        world.commune,
                        "province-wide broadcast",
                        world.province)
                .entrySet()
                .stream()
                .sorted(Map.Entry.comparingByKey())
                .toList()) {
            UUID id = c.getValue();
            report(
                    "re-plan only (PlanKeeper), " + c.getKey(),
                    warmups,
                    runs,
                    () -> transaction.execute(s -> {
                        org.openloa.scheduler.broadcast.Broadcast before =
                                programmes.live().scheduled().get(id.toString());
                        org.openloa.scheduler.broadcast.Broadcast after = new org.openloa.scheduler.broadcast.Broadcast(
                                before.id(),
                                before.createdAt(),
                                before.content(),
                                before.repeatCount(),
                                before.priority(),
                                new org.openloa.scheduler.broadcast.Volume(++volume[0] % 40 + 50),
                                before.schedule(),
                                before.targets(),
                                before.state(),
                                before.acceptance(),
                                before.maxDelay());
                        long start = System.nanoTime();
                        keeper.broadcastChanged(new BroadcastChanged(id, before, after, null));
                        long took = System.nanoTime() - start;
                        s.setRollbackOnly();
                        return took;
                    }));
            report(
                    "whole PATCH (service: rules, preview, conflicts, save, re-plan), " + c.getKey(),
                    warmups,
                    runs,
                    () -> {
                        long start = System.nanoTime();
                        service.update(
                                SYSTEM,
                                id,
                                new BroadcastDraft(
                                        null,
                                        null,
                                        null,
                                        null,
                                        null,
                                        null,
                                        null,
                                        null,
                                        null,
                                        ++volume[0] % 40 + 50,
                                        null,
                                        null,
                                        null),
                                false);
                        return System.nanoTime() - start;
                    });
        }
        // The full re-plan: every device in service, every live broadcast, the whole horizon: once with the programme
        // read from the database (the token moved first, as after a change made on another node), once as held.
        DeviceProfiles profiles = context.getBean(DeviceProfiles.class);
        JobSettings settings = context.getBean(JobSettings.class);
        int[] items = {0};
        for (boolean held : new boolean[] {false, true}) {
            report(
                    held
                            ? "full re-plan (all devices x all broadcasts x horizon, programme held)"
                            : "full re-plan (all devices x all broadcasts x horizon, all read from the database)",
                    Math.min(warmups, 2),
                    Math.max(3, runs / 3),
                    () -> {
                        if (!held) {
                            moveProgrammeToken(jdbc);
                        }
                        long start = System.nanoTime();
                        // as PlanKeeper reads devices: rows, not entities; every path starts with "/"
                        List<org.openloa.scheduler.reach.DeviceProfile> all =
                                profiles.profilesUnder(List.of("/"), List.of());
                        java.util.Collection<org.openloa.scheduler.broadcast.Broadcast> live =
                                programmes.live().all();
                        Map<org.openloa.scheduler.reach.DeviceId, org.openloa.scheduler.plan.Plan> plans =
                                new org.openloa.scheduler.plan.PlanResolver(java.time.Clock.systemUTC())
                                        .resolveAll(
                                                all,
                                                live,
                                                org.openloa.scheduler.Window.of(Instant.now(), settings.planHorizon()));
                        long took = System.nanoTime() - start;
                        items[0] = plans.values().stream()
                                .mapToInt(p -> p.items().size())
                                .sum();
                        return took;
                    });
        }
        System.out.printf(Locale.ROOT, "items in the full re-plan: %d%n", items[0]);
        System.out.printf(
                Locale.ROOT,
                "devices re-planned by the last province-wide change: %d; plan versions bumped in all: %d%n",
                world.provinceDevices,
                jdbc.queryForObject("select sum(version - 1) from device_plan", Long.class));
    }

    /** A new programme token, as a change committed elsewhere leaves it: the next read builds the programme anew. */
    static void moveProgrammeToken(JdbcTemplate jdbc) {
        jdbc.update(
                "update programme_token set token = ? where id = 1",
                UUID.randomUUID().toString());
    }

    /**
     * Prints min, median and p90 of the wall time, and the median CPU time of this thread around each run (the
     * cms side only, the database's own work not counted): on a machine loaded by other work, the wall time says
     * how long a change waited, the CPU time how much work it was.
     */
    static void report(String name, int warmups, int runs, Supplier<Long> nanos) {
        for (int i = 0; i < warmups; i++) {
            nanos.get();
        }
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        double[] ms = new double[runs];
        double[] cpu = new double[runs];
        for (int i = 0; i < runs; i++) {
            long before = threads.getCurrentThreadCpuTime();
            ms[i] = nanos.get() / 1e6;
            cpu[i] = (threads.getCurrentThreadCpuTime() - before) / 1e6;
        }
        Arrays.sort(ms);
        Arrays.sort(cpu);
        System.out.printf(
                Locale.ROOT,
                "%-66s %8.1f %8.1f %8.1f %8.1f%n",
                name,
                ms[0],
                ms[runs / 2],
                ms[(int) Math.ceil(runs * 0.9) - 1],
                cpu[runs / 2]);
    }

    record World(
            int devices,
            int broadcasts,
            List<UUID> communes,
            UUID commune,
            UUID province,
            UUID empty,
            int provinceDevices) {}

    /** Provinces of communes of 3 villages; devices and recurring relays as the scale says. Seeded, so stable. */
    static World seed(JdbcTemplate jdbc, Random random) {
        Timestamp now = Timestamp.from(Instant.parse("2026-11-01T00:00:00Z"));
        List<UUID> provinces = new ArrayList<>();
        List<UUID> communes = new ArrayList<>();
        List<String> communePaths = new ArrayList<>();
        List<UUID> villages = new ArrayList<>();
        List<String> villagePaths = new ArrayList<>();
        List<Object[]> areas = new ArrayList<>();
        int[] communesIn = new int[scale.provinces()];
        for (int c = 0; c < scale.communes(); c++) {
            communesIn[c % scale.provinces()]++;
        }
        List<Integer> provinceOfVillage = new ArrayList<>();
        for (int p = 0; p < scale.provinces(); p++) {
            UUID province = UUID.randomUUID();
            String pPath = "/" + province + "/";
            provinces.add(province);
            areas.add(new Object[] {province, "BP" + p, "Tỉnh " + p, "province", null, pPath, now});
            for (int c = 0; c < communesIn[p]; c++) {
                UUID commune = UUID.randomUUID();
                String cPath = pPath + commune + "/";
                communes.add(commune);
                communePaths.add(cPath);
                areas.add(
                        new Object[] {commune, "BP" + p + "-" + c, "Xã " + p + "." + c, "commune", province, cPath, now
                        });
                for (int v = 0; v < 3; v++) {
                    UUID village = UUID.randomUUID();
                    villages.add(village);
                    provinceOfVillage.add(p);
                    villagePaths.add(cPath + village + "/");
                    areas.add(new Object[] {
                        village,
                        "BP" + p + "-" + c + "-" + v,
                        "Thôn " + v,
                        "village",
                        commune,
                        cPath + village + "/",
                        now
                    });
                }
            }
        }
        UUID empty = UUID.randomUUID();
        areas.add(new Object[] {
            empty, "BP-EMPTY", "Xã trống", "commune", provinces.get(0), "/" + provinces.get(0) + "/" + empty + "/", now
        });
        jdbc.batchUpdate(
                "insert into area (id, code, name, kind, parent_id, path, time_zone, created_at, version)"
                        + " values (?, ?, ?, ?, ?, ?, 'Asia/Ho_Chi_Minh', ?, 0)",
                areas);

        List<Object[]> devices = new ArrayList<>();
        List<Object[]> tags = new ArrayList<>();
        List<Object[]> plans = new ArrayList<>();
        int[] perProvince = new int[scale.provinces()];
        for (int d = 0; d < scale.devices(); d++) {
            int v = random.nextInt(villages.size());
            UUID id = UUID.randomUUID();
            perProvince[provinceOfVillage.get(v)]++;
            devices.add(new Object[] {id, villages.get(v), villagePaths.get(v), "Loa " + d, now});
            java.util.Set<String> own = new java.util.TreeSet<>();
            for (int t = random.nextInt(3); t > 0; t--) {
                own.add(TAGS[random.nextInt(TAGS.length)]);
            }
            own.forEach(tag -> tags.add(new Object[] {id, tag}));
            plans.add(new Object[] {id, now});
        }
        jdbc.batchUpdate(
                "insert into device (id, area_id, area_path, name, volume, poll_seconds, created_at, version)"
                        + " values (?, ?, ?, ?, 80, 60, ?, 0)",
                devices);
        jdbc.batchUpdate("insert into device_tag (device_id, tag) values (?, ?)", tags);
        jdbc.batchUpdate(
                "insert into device_plan (device_id, version, changed_at, notified_version) values (?, 1, ?, 1)",
                plans);

        List<Object[]> broadcasts = new ArrayList<>();
        List<Object[]> targets = new ArrayList<>();
        UUID communeBroadcast = null;
        UUID provinceBroadcast = null;
        for (int b = 0; b < scale.broadcasts(); b++) {
            UUID id = UUID.randomUUID();
            boolean provinceWide = b % 50 == 0;
            int c = random.nextInt(communes.size());
            UUID owner = provinceWide
                    // the province scale keeps its first seed (and so its published figures) exactly
                    ? provinces.get(scale.provinces() == 3 ? b % 3 : b / 50 % scale.provinces())
                    : communes.get(c);
            String ownerPath = provinceWide ? "/" + owner + "/" : communePaths.get(c);
            String priority = b % 97 == 0 ? "EMERGENCY" : b % 7 == 0 ? "PRIORITY" : "NORMAL";
            List<String> times = new ArrayList<>();
            for (int t = 1 + random.nextInt(3); t > 0; t--) {
                String session = SESSIONS[random.nextInt(SESSIONS.length)];
                if (!times.contains(session)) {
                    times.add(session);
                }
            }
            String schedule = "{\"type\":\"RECURRING\",\"daysOfWeek\":[],\"daysOfMonth\":[],\"times\":[\""
                    + String.join("\",\"", times)
                    + "\"],\"startDate\":\"2026-11-23\",\"endDate\":\"2027-12-31\",\"exceptDates\":[]}";
            broadcasts.add(new Object[] {
                id,
                owner,
                ownerPath,
                "Tiếp sóng " + b,
                priority,
                600 + random.nextInt(1200),
                schedule,
                provinceWide && priority.equals("NORMAL"),
                now,
                now
            });
            targets.add(new Object[] {id, owner, ownerPath});
            if (!provinceWide && communeBroadcast == null && priority.equals("NORMAL")) {
                communeBroadcast = id;
            }
            if (provinceWide && provinceBroadcast == null && priority.equals("PRIORITY")) {
                provinceBroadcast = id;
            }
        }
        UUID emptyBroadcast = UUID.randomUUID();
        broadcasts.add(new Object[] {
            emptyBroadcast,
            empty,
            "/" + provinces.get(0) + "/" + empty + "/",
            "Xã trống",
            "NORMAL",
            900,
            "{\"type\":\"RECURRING\",\"times\":[\"06:00\"],\"startDate\":\"2026-11-23\",\"endDate\":\"2027-12-31\"}",
            false,
            now,
            now
        });
        targets.add(new Object[] {emptyBroadcast, empty, "/" + provinces.get(0) + "/" + empty + "/"});
        if (provinceBroadcast == null) {
            throw new IllegalStateException("the seed made no province-wide broadcast that needs no acceptance");
        }
        jdbc.batchUpdate(
                "insert into broadcast (id, area_id, area_path, title, priority, state, content_kind, stream_url,"
                        + " stream_seconds, schedule, volume, repeat_count, max_delay_seconds, acceptance_required, created_by,"
                        + " created_at, updated_at, version) values (?, ?, ?, ?, ?, 'ACTIVE', 'STREAM', 'https://radio.example.vn/live',"
                        + " ?, ?, 80, 1, 0, ?, 'bench', ?, ?, 0)",
                broadcasts);
        jdbc.batchUpdate(
                "insert into broadcast_target_area (broadcast_id, area_id, area_path) values (?, ?, ?)", targets);
        UUID province = provinceBroadcast;
        int reached = perProvince[
                provinces.indexOf(
                        jdbc.queryForObject("select area_id from broadcast where id = ?", UUID.class, province))];
        return new World(
                scale.devices(), broadcasts.size(), communes, communeBroadcast, province, emptyBroadcast, reached);
    }
}
