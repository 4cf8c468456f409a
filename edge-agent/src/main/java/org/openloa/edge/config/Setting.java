package org.openloa.edge.config;

import java.util.Locale;

/**
 * Every setting the agent reads, with its default and meaning; docs/edge-agent.md lists the same. The
 * environment variable is derived from the key, so API.md's names (server.url / OPENLOA_SERVER_URL...)
 * and any new key follow one rule.
 */
public enum Setting {
    SERVER_URL("server.url", null, "the cms base URL, e.g. https://loa.example.vn"),
    ENROLLMENT_CODE("enrollment.code", null, "one-time code; used only while the agent holds no credential"),
    DATA_DIR("data.dir", "agent-data", "credential, manifest, media cache, outbox and state"),
    PLAYER(
            "player",
            "ffplay -nodisp -autoexit -loglevel error -volume {volume} {file}",
            "file:<dir> for the file sink, or a command template with {file} and {volume} (0-100) or {gain} (0.00-1.00)"),
    MQTT_URL("mqtt.url", null, "optional broker for wake-ups, e.g. tcp://127.0.0.1:1883 or ssl://..."),
    MQTT_USERNAME("mqtt.username", null, "broker user name, if the broker wants one"),
    MQTT_PASSWORD("mqtt.password", null, "broker password, if the broker wants one"),
    POLL_SECONDS("poll.seconds", "60", "seconds between polls until a manifest says otherwise"),
    POLL_WAIT_SECONDS(
            "poll.wait.seconds",
            "30",
            "long poll: ask the server to hold each poll up to this long and answer the moment the plan changes"
                    + " (Prefer: wait); 0 turns it off"),
    HEARTBEAT_SECONDS(
            "heartbeat.seconds", "60", "seconds between heartbeats unless the manifest's settings say otherwise"),
    CACHE_MAX_BYTES("cache.max.bytes", "1G", "disk quota of the media cache; suffixes K, M, G"),
    PLAYBACK_LATE_SECONDS(
            "playback.late.seconds",
            "30",
            "how late a normal or priority recording may still start (after a restart, say); later ones are skipped"),
    HTTP_TIMEOUT_SECONDS("http.timeout.seconds", "30", "connect and response timeout of calls to the server"),
    DOWNLOAD_STALL_SECONDS(
            "download.stall.seconds",
            "60",
            "a download that receives nothing for this long is dropped and resumed later"),
    OUTBOX_MAX_HEARTBEATS(
            "outbox.max.heartbeats",
            "1440",
            "heartbeats kept while offline (oldest dropped first); play logs are never dropped"),
    HARDWARE_ID("hardware.id", null, "sent at enrolment; default /etc/machine-id, else a random id kept in data.dir"),
    FFMPEG("ffmpeg", "ffmpeg", "ffmpeg the file sink decodes with; without it the sink copies the original bytes"),
    EVENTS_ALL_ITEMS(
            "events.all.items",
            "false",
            "report item events (received, ready, started, ended, failed, late) for every item, not only emergencies"),
    RELAY_SILENCE_SECONDS(
            "relay.silence.seconds",
            "10",
            "a relay whose source is this long below relay.silence.db plays the area's fallback until it is back"),
    RELAY_SILENCE_DB(
            "relay.silence.db", "-50", "the level (dBFS, negative) under which a relay's source counts as silent"),
    LOG_LEVEL("log.level", "INFO", "java.util.logging level: SEVERE, WARNING, INFO, FINE");

    private final String key;
    private final String defaultValue;
    private final String meaning;

    Setting(String key, String defaultValue, String meaning) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.meaning = meaning;
    }

    public String key() {
        return key;
    }

    /** OPENLOA_ + the key upper-cased, dots as underscores: server.url → OPENLOA_SERVER_URL. */
    public String environmentVariable() {
        return "OPENLOA_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String meaning() {
        return meaning;
    }
}
