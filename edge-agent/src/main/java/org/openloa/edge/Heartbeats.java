package org.openloa.edge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openloa.edge.cache.MediaCache;
import org.openloa.edge.link.ServerClock;
import org.openloa.edge.playback.PlaybackScheduler;
import org.openloa.edge.upgrade.Upgrades;
import org.openloa.protocol.Heartbeat;
import org.openloa.protocol.Manifest;

/** Takes the box's status for a heartbeat. */
final class Heartbeats {

    private final ServerClock clock;
    private final PlaybackScheduler scheduler;
    private final MediaCache cache;
    private final Commands commands;
    private final Supplier<Manifest> manifest;
    private final Path dataDir;
    private final String agentVersion;
    private final long startedNanos = System.nanoTime();
    private volatile Upgrades upgrades;

    Heartbeats(
            ServerClock clock,
            PlaybackScheduler scheduler,
            MediaCache cache,
            Commands commands,
            Supplier<Manifest> manifest,
            Path dataDir,
            String agentVersion) {
        this.clock = clock;
        this.scheduler = scheduler;
        this.cache = cache;
        this.commands = commands;
        this.manifest = manifest;
        this.dataDir = dataDir;
        this.agentVersion = agentVersion;
    }

    void upgrades(Upgrades upgrades) {
        this.upgrades = upgrades;
    }

    Heartbeat now() {
        Instant at = clock.instant();
        Manifest current = manifest.get();
        return new Heartbeat(
                UUID.randomUUID().toString(),
                OffsetDateTime.ofInstant(at, ZoneOffset.UTC),
                scheduler.playingItemId().orElse(null),
                scheduler.volume(),
                freeBytes(),
                agentVersion,
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedNanos),
                cache.complete(at),
                clock.skewMillis(),
                current == null ? null : current.version(),
                commands.recent(),
                cache.errors(),
                upgrades == null ? null : upgrades.report());
    }

    private long freeBytes() {
        try {
            return Files.getFileStore(dataDir).getUsableSpace();
        } catch (IOException e) {
            return 0;
        }
    }
}
