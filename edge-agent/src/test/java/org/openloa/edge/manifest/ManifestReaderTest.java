package org.openloa.edge.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.openloa.protocol.Manifest;

class ManifestReaderTest {

    static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    @Test
    void aBrokenItemCostsThatItemOnlyAndUnknownFieldsAreIgnored() throws IOException {
        ManifestReader.Parsed parsed = read("""
                {"version": "v9", "serverTime": "2026-11-23T05:58:00+07:00", "pollSeconds": 30,
                 "settings": {"volume": 60, "futureSetting": true},
                 "items": [
                   {"id": "good", "start": "2026-11-23T06:00:00+07:00", "end": "2026-11-23T06:01:00+07:00",
                    "priority": "NORMAL", "kind": "AUDIO", "mediaIds": ["m"], "newField": 1},
                   {"id": "backwards", "start": "2026-11-23T06:00:00+07:00", "end": "2026-11-23T05:00:00+07:00",
                    "priority": "NORMAL", "kind": "AUDIO", "mediaIds": ["m"]},
                   {"id": "hologram", "start": "2026-11-23T06:00:00+07:00", "end": "2026-11-23T06:01:00+07:00",
                    "priority": "NORMAL", "kind": "HOLOGRAM"},
                   {"id": "orphan", "start": "2026-11-23T07:00:00+07:00", "end": "2026-11-23T07:01:00+07:00",
                    "priority": "NORMAL", "kind": "AUDIO", "mediaIds": ["bad-hash"]}
                 ],
                 "media": [
                   {"id": "m", "sha256": "%s", "size": 10, "durationMs": 1000},
                   {"id": "bad-hash", "sha256": "XYZ", "size": 10, "durationMs": 1000}
                 ],
                 "purge": [], "commands": []}
                """.formatted(SHA));

        assertThat(parsed.manifest().items()).extracting(Manifest.Item::id).containsExactly("good");
        assertThat(parsed.manifest().media()).extracting(Manifest.Media::id).containsExactly("m");
    }

    @Test
    void aCommandOfATypeThisAgentDoesNotKnowIsReportedForAcknowledgement() throws IOException {
        ManifestReader.Parsed parsed = read("""
                {"version": "v9", "serverTime": "2026-11-23T05:58:00+07:00", "pollSeconds": 30, "settings": {"volume": 60},
                 "commands": [{"id": "c-1", "type": "REBOOT_BOARD"}, {"id": "c-2", "type": "STOP"}]}
                """);

        assertThat(parsed.unsupportedCommands()).containsExactly("c-1");
        assertThat(parsed.manifest().commands())
                .extracting(Manifest.Command::id)
                .containsExactly("c-2");
    }

    @Test
    void withdrawnItemsAreReadWithTheirReasonAndABrokenOneCostsThatOneOnly() throws IOException {
        ManifestReader.Parsed parsed = read("""
                {"version": "v9", "serverTime": "2026-11-23T05:58:00+07:00", "pollSeconds": 30, "settings": {"volume": 60},
                 "withdrawn": [
                   {"itemId": "e-77@2026-11-22T22:40:00Z", "reason": "stopped by operator: false alarm",
                    "at": "2026-11-22T22:41:10Z"},
                   {"itemId": "e-78", "at": "2026-11-22T22:41:10Z"}
                 ]}
                """);

        assertThat(parsed.manifest().withdrawal("e-77@2026-11-22T22:40:00Z"))
                .hasValueSatisfying(w -> assertThat(w.reason()).isEqualTo("stopped by operator: false alarm"));
        assertThat(parsed.manifest().withdrawn()).hasSize(1);
    }

    @Test
    void aManifestWithoutItsVersionOrNotJsonAtAllIsRefused() {
        assertThatThrownBy(
                        () -> read(
                                "{\"serverTime\": \"2026-11-23T05:58:00+07:00\", \"pollSeconds\": 30, \"settings\": {\"volume\": 1}}"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("version");
        assertThatThrownBy(() -> read("<html>502 Bad Gateway</html>")).isInstanceOf(IOException.class);
    }

    private static ManifestReader.Parsed read(String json) throws IOException {
        return ManifestReader.read(json.getBytes(StandardCharsets.UTF_8));
    }
}
