package org.openloa.edge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigTest {

    @TempDir
    Path dir;

    @Test
    void theEnvironmentWinsOverTheFile() throws IOException {
        Path file = write("""
                server.url=http://file.example:8080
                enrollment.code=FROM-FILE
                data.dir=/from/file
                player=file:/tmp/from-file
                mqtt.url=tcp://file.example:1883
                """);

        AgentConfig config = AgentConfig.load(
                file,
                Map.of(
                        "OPENLOA_SERVER_URL", "https://env.example",
                        "OPENLOA_ENROLLMENT_CODE", "FROM-ENV",
                        "OPENLOA_DATA_DIR", "/from/env",
                        "OPENLOA_PLAYER", "ffplay -nodisp -autoexit {file}",
                        "OPENLOA_MQTT_URL", "tcp://env.example:1883"));

        assertThat(config.serverUrl()).isEqualTo(URI.create("https://env.example"));
        assertThat(config.enrolmentCode()).isEqualTo("FROM-ENV");
        assertThat(config.dataDir()).isEqualTo(Path.of("/from/env"));
        assertThat(config.player()).isEqualTo("ffplay -nodisp -autoexit {file}");
        assertThat(config.mqttUrl()).isEqualTo(URI.create("tcp://env.example:1883"));
    }

    @Test
    void theFileFillsWhatTheEnvironmentLeavesOutAndDefaultsTheRest() throws IOException {
        Path file = write("""
                server.url=http://file.example:8080
                cache.max.bytes=800M
                """);

        AgentConfig config = AgentConfig.load(file, Map.of("OPENLOA_POLL_SECONDS", "15", "OPENLOA_DATA_DIR", ""));

        assertThat(config.serverUrl()).isEqualTo(URI.create("http://file.example:8080"));
        assertThat(config.cacheMaxBytes()).isEqualTo(800L << 20);
        assertThat(config.pollInterval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.dataDir()).as("a blank variable does not count").isEqualTo(Path.of("agent-data"));
        assertThat(config.heartbeatInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.player()).startsWith("ffplay");
        assertThat(config.mqttUrl()).isNull();
        assertThat(config.enrolmentCode()).isNull();
    }

    @Test
    void everySettingIsReachableThroughItsEnvironmentVariable() {
        assertThat(Setting.SERVER_URL.environmentVariable()).isEqualTo("OPENLOA_SERVER_URL");
        assertThat(Setting.ENROLLMENT_CODE.environmentVariable()).isEqualTo("OPENLOA_ENROLLMENT_CODE");
        assertThat(Setting.DATA_DIR.environmentVariable()).isEqualTo("OPENLOA_DATA_DIR");
        assertThat(Setting.PLAYER.environmentVariable()).isEqualTo("OPENLOA_PLAYER");
        assertThat(Setting.MQTT_URL.environmentVariable()).isEqualTo("OPENLOA_MQTT_URL");
        assertThat(Setting.CACHE_MAX_BYTES.environmentVariable()).isEqualTo("OPENLOA_CACHE_MAX_BYTES");
    }

    @Test
    void withoutAServerUrlTheAgentSaysWhichKeyAndVariableToSet() {
        assertThatThrownBy(() -> AgentConfig.load(null, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("server.url")
                .hasMessageContaining("OPENLOA_SERVER_URL");
    }

    @Test
    void malformedValuesAreRefusedWithTheirKey() {
        assertThatThrownBy(() -> AgentConfig.load(null, Map.of("OPENLOA_SERVER_URL", "ftp://x")))
                .hasMessageContaining("server.url");
        assertThatThrownBy(() -> AgentConfig.load(
                        null, Map.of("OPENLOA_SERVER_URL", "http://x", "OPENLOA_POLL_SECONDS", "soon")))
                .hasMessageContaining("poll.seconds");
        assertThatThrownBy(() -> AgentConfig.load(
                        null, Map.of("OPENLOA_SERVER_URL", "http://x", "OPENLOA_CACHE_MAX_BYTES", "lots")))
                .hasMessageContaining("cache.max.bytes");
        assertThatThrownBy(() ->
                        AgentConfig.load(null, Map.of("OPENLOA_SERVER_URL", "http://x", "OPENLOA_PLAYER", "aplay")))
                .hasMessageContaining("player")
                .hasMessageContaining("{file}");
    }

    @Test
    void theLongPollWaitsThirtySecondsByDefaultAndZeroTurnsItOffEventsCoverEmergenciesUnlessToldOtherwise() {
        AgentConfig defaults = AgentConfig.load(null, Map.of("OPENLOA_SERVER_URL", "http://x"));
        AgentConfig changed = AgentConfig.load(
                null,
                Map.of(
                        "OPENLOA_SERVER_URL",
                        "http://x",
                        "OPENLOA_POLL_WAIT_SECONDS",
                        "0",
                        "OPENLOA_EVENTS_ALL_ITEMS",
                        "TRUE"));

        assertThat(defaults.pollWait()).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.eventsAllItems()).isFalse();
        assertThat(changed.pollWait()).isZero();
        assertThat(changed.eventsAllItems()).isTrue();
        assertThatThrownBy(() -> AgentConfig.load(
                        null, Map.of("OPENLOA_SERVER_URL", "http://x", "OPENLOA_POLL_WAIT_SECONDS", "-1")))
                .hasMessageContaining("poll.wait.seconds");
        assertThatThrownBy(() -> AgentConfig.load(
                        null, Map.of("OPENLOA_SERVER_URL", "http://x", "OPENLOA_EVENTS_ALL_ITEMS", "yes")))
                .hasMessageContaining("events.all.items");
    }

    @Test
    void anUnknownKeyInTheFileIsWarnedAbout() throws IOException {
        Path file = write("server.url=http://x\nserver.ulr=http://typo\n");

        assertThat(AgentConfig.load(file, Map.of()).warnings())
                .singleElement()
                .asString()
                .contains("server.ulr");
    }

    @Test
    void secretsStayOutOfToString() {
        AgentConfig config = AgentConfig.load(
                null,
                Map.of(
                        "OPENLOA_SERVER_URL",
                        "http://x",
                        "OPENLOA_ENROLLMENT_CODE",
                        "CODE-SECRET",
                        "OPENLOA_MQTT_PASSWORD",
                        "mqtt-secret"));

        assertThat(config.toString()).doesNotContain("CODE-SECRET").doesNotContain("mqtt-secret");
    }

    private Path write(String text) throws IOException {
        Path file = dir.resolve("agent.properties");
        Files.writeString(file, text);
        return file;
    }
}
