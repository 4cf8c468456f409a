package org.openloa.edge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.logging.Logger;
import org.openloa.edge.support.AtomicFiles;
import org.openloa.edge.support.Json;
import org.openloa.protocol.Manifest.Command;
import tools.jackson.core.type.TypeReference;

/**
 * Runs each command once. The server repeats a command in every manifest until a heartbeat
 * acknowledges it, so the agent remembers what it ran ({@code commands-done.json}), and remembers
 * it before running it: a RESTART_AGENT must not restart the agent again after the restart.
 */
final class Commands {

    private static final Logger LOG = Logger.getLogger(Commands.class.getName());
    /** How long a done command keeps being acknowledged in heartbeats. */
    private static final Duration ACKNOWLEDGE_FOR = Duration.ofDays(1);

    private static final int ACKNOWLEDGE_AT_MOST = 50;

    /** What the commands do. */
    interface Actions {
        void syncNow();

        void setVolume(int volume);

        void stop(String reason);

        void restart();

        /** UPGRADE: install another version (args version, url, sha256, trialSeconds) and restart into it. */
        void upgrade(java.util.Map<String, String> args);
    }

    private final Path file;
    private final Clock clock;
    private final LinkedHashMap<String, Instant> done = new LinkedHashMap<>();

    Commands(Path file, Clock clock) throws IOException {
        this.file = file;
        this.clock = clock;
        if (Files.exists(file)) {
            try {
                done.putAll(
                        Json.read(Files.readAllBytes(file), new TypeReference<LinkedHashMap<String, Instant>>() {}));
            } catch (RuntimeException e) {
                LOG.warning(() -> file + " cannot be read (" + e.getMessage() + "); commands may run again");
            }
        }
    }

    /** Runs the commands not run before; acknowledges unsupported ones without running them. */
    void run(List<Command> commands, List<String> unsupported, Actions actions) {
        for (String id : unsupported) {
            firstTime(id);
        }
        for (Command command : commands) {
            if (!firstTime(command.id())) {
                continue;
            }
            LOG.info(() -> "command " + command.id() + ": " + command.type()
                    + (command.args().isEmpty() ? "" : " " + command.args()));
            switch (command.type()) {
                case SYNC_NOW -> actions.syncNow();
                case SET_VOLUME ->
                    command.intArg("volume")
                            .filter(v -> v >= 0 && v <= 100)
                            .ifPresentOrElse(
                                    actions::setVolume,
                                    () -> LOG.warning(() -> "command " + command.id()
                                            + ": SET_VOLUME needs args.volume in 0..100, got " + command.args()));
                case STOP -> actions.stop("STOP command " + command.id());
                case RESTART_AGENT -> actions.restart();
                case UPGRADE -> actions.upgrade(command.args());
            }
        }
    }

    /** Ids to acknowledge in the next heartbeat: those done in the last day, newest last. */
    synchronized List<String> recent() {
        Instant since = clock.instant().minus(ACKNOWLEDGE_FOR);
        List<String> recent = new ArrayList<>();
        done.forEach((id, at) -> {
            if (at.isAfter(since)) {
                recent.add(id);
            }
        });
        return recent.size() > ACKNOWLEDGE_AT_MOST
                ? recent.subList(recent.size() - ACKNOWLEDGE_AT_MOST, recent.size())
                : recent;
    }

    private synchronized boolean firstTime(String id) {
        if (done.containsKey(id)) {
            return false;
        }
        done.put(id, clock.instant());
        // Keep a week of ids: the server stops sending a command within a heartbeat or two.
        Instant forget = clock.instant().minus(Duration.ofDays(7));
        done.entrySet().removeIf(e -> e.getValue().isBefore(forget));
        try {
            AtomicFiles.write(file, Json.write(new LinkedHashMap<>(done)));
        } catch (IOException e) {
            LOG.warning(() -> "cannot save " + file + ": " + e.getMessage());
        }
        return true;
    }
}
