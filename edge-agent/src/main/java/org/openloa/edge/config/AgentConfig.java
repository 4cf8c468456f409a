package org.openloa.edge.config;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Level;

/**
 * The agent's settings, resolved once at start. Values that are absent are null (the optional
 * {@code enrolmentCode}, {@code mqttUrl}, {@code mqttUsername}, {@code mqttPassword}, {@code hardwareId}).
 *
 * @param warnings things worth logging once logging is set up, e.g. an unknown key in the file
 */
public record AgentConfig(
        URI serverUrl,
        String enrolmentCode,
        Path dataDir,
        String player,
        URI mqttUrl,
        String mqttUsername,
        String mqttPassword,
        Duration pollInterval,
        Duration pollWait,
        Duration heartbeatInterval,
        long cacheMaxBytes,
        Duration lateStart,
        Duration httpTimeout,
        Duration downloadStall,
        int outboxMaxHeartbeats,
        String hardwareId,
        String ffmpeg,
        boolean eventsAllItems,
        Duration relaySilence,
        int relaySilenceDb,
        Level logLevel,
        List<String> warnings) {

    /**
     * Reads {@code file} (may be null: environment and defaults only), then lets each environment
     * variable override its key.
     */
    public static AgentConfig load(Path file, Map<String, String> environment) {
        List<String> warnings = new ArrayList<>();
        Properties properties = new Properties();
        if (file != null) {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new ConfigException("cannot read the config file " + file + ": " + e.getMessage(), e);
            }
            for (String key : properties.stringPropertyNames()) {
                if (java.util.Arrays.stream(Setting.values())
                        .noneMatch(s -> s.key().equals(key))) {
                    warnings.add("unknown setting '" + key + "' in " + file + " is ignored");
                }
            }
        }
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        for (Setting setting : Setting.values()) {
            String value = environment.get(setting.environmentVariable());
            if (value == null || value.isBlank()) {
                value = properties.getProperty(setting.key());
            }
            if (value == null || value.isBlank()) {
                value = setting.defaultValue();
            }
            if (value != null) {
                values.put(setting, value.trim());
            }
        }
        return new Resolver(values).config(warnings);
    }

    /** Safe to log: the enrolment code and the MQTT password are secrets. */
    @Override
    public String toString() {
        return "AgentConfig[serverUrl=" + serverUrl + ", enrolmentCode=" + (enrolmentCode == null ? "none" : "***")
                + ", dataDir=" + dataDir + ", player=" + player + ", mqttUrl=" + mqttUrl
                + ", mqttUsername=" + mqttUsername + ", mqttPassword=" + (mqttPassword == null ? "none" : "***")
                + ", pollInterval=" + pollInterval + ", pollWait=" + pollWait + ", heartbeatInterval="
                + heartbeatInterval
                + ", cacheMaxBytes=" + cacheMaxBytes + ", lateStart=" + lateStart + ", hardwareId=" + hardwareId + "]";
    }

    private record Resolver(Map<Setting, String> values) {

        AgentConfig config(List<String> warnings) {
            String server = values.get(Setting.SERVER_URL);
            if (server == null) {
                throw missing(Setting.SERVER_URL);
            }
            return new AgentConfig(
                    url(Setting.SERVER_URL, "http", "https"),
                    values.get(Setting.ENROLLMENT_CODE),
                    Path.of(values.get(Setting.DATA_DIR)),
                    player(),
                    values.containsKey(Setting.MQTT_URL) ? url(Setting.MQTT_URL, "tcp", "ssl", "ws", "wss") : null,
                    values.get(Setting.MQTT_USERNAME),
                    values.get(Setting.MQTT_PASSWORD),
                    seconds(Setting.POLL_SECONDS),
                    Duration.ofSeconds(number(Setting.POLL_WAIT_SECONDS, 0)),
                    seconds(Setting.HEARTBEAT_SECONDS),
                    bytes(Setting.CACHE_MAX_BYTES),
                    seconds(Setting.PLAYBACK_LATE_SECONDS),
                    seconds(Setting.HTTP_TIMEOUT_SECONDS),
                    seconds(Setting.DOWNLOAD_STALL_SECONDS),
                    (int) number(Setting.OUTBOX_MAX_HEARTBEATS, 1),
                    values.get(Setting.HARDWARE_ID),
                    values.get(Setting.FFMPEG),
                    bool(Setting.EVENTS_ALL_ITEMS),
                    seconds(Setting.RELAY_SILENCE_SECONDS),
                    silenceDb(),
                    level(),
                    List.copyOf(warnings));
        }

        private URI url(Setting setting, String... schemes) {
            String text = values.get(setting);
            try {
                URI uri = new URI(text);
                if (uri.getScheme() != null
                        && uri.getHost() != null
                        && List.of(schemes).contains(uri.getScheme().toLowerCase(Locale.ROOT))) {
                    return uri;
                }
            } catch (URISyntaxException e) {
                // reported below
            }
            throw invalid(setting, "'" + text + "' is not a " + String.join("/", schemes) + " URL");
        }

        private String player() {
            String player = values.get(Setting.PLAYER);
            if (player.startsWith("file:") ? player.length() == "file:".length() : !player.contains("{file}")) {
                throw invalid(Setting.PLAYER, "'" + player + "' is neither file:<dir> nor a command with {file}");
            }
            return player;
        }

        private int silenceDb() {
            try {
                int value =
                        Integer.parseInt(values.get(Setting.RELAY_SILENCE_DB).trim());
                if (value < 0 && value >= -90) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw invalid(
                    Setting.RELAY_SILENCE_DB,
                    "'" + values.get(Setting.RELAY_SILENCE_DB) + "' is not a whole number of dBFS from -90 to -1");
        }

        private Duration seconds(Setting setting) {
            return Duration.ofSeconds(number(setting, 1));
        }

        private long number(Setting setting, long minimum) {
            try {
                long value = Long.parseLong(values.get(setting));
                if (value >= minimum) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw invalid(setting, "'" + values.get(setting) + "' is not a whole number of at least " + minimum);
        }

        private long bytes(Setting setting) {
            String text = values.get(setting).toUpperCase(Locale.ROOT);
            long unit = 1;
            char last = text.isEmpty() ? ' ' : text.charAt(text.length() - 1);
            if (last == 'K' || last == 'M' || last == 'G') {
                unit = last == 'K' ? 1L << 10 : last == 'M' ? 1L << 20 : 1L << 30;
                text = text.substring(0, text.length() - 1);
            }
            try {
                long value = Long.parseLong(text.trim());
                if (value > 0) {
                    return Math.multiplyExact(value, unit);
                }
            } catch (NumberFormatException | ArithmeticException e) {
                // reported below
            }
            throw invalid(setting, "'" + values.get(setting) + "' is not a size such as 800M or 2G");
        }

        private boolean bool(Setting setting) {
            String value = values.get(setting).toLowerCase(Locale.ROOT);
            if (value.equals("true") || value.equals("false")) {
                return Boolean.parseBoolean(value);
            }
            throw invalid(setting, "'" + values.get(setting) + "' is neither true nor false");
        }

        private Level level() {
            try {
                return Level.parse(values.get(Setting.LOG_LEVEL).toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw invalid(Setting.LOG_LEVEL, "'" + values.get(Setting.LOG_LEVEL) + "' is not a log level");
            }
        }

        private static ConfigException missing(Setting setting) {
            return new ConfigException(
                    setting.key() + " (or " + setting.environmentVariable() + ") is required: " + setting.meaning());
        }

        private static ConfigException invalid(Setting setting, String why) {
            return new ConfigException(setting.key() + " (or " + setting.environmentVariable() + "): " + why);
        }
    }
}
