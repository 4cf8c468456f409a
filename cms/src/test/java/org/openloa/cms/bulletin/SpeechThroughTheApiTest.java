package org.openloa.cms.bulletin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.AudioJobs;
import org.openloa.cms.ServerTest;
import org.openloa.cms.TestWorld;
import org.openloa.testing.RequiredTools;
import tools.jackson.databind.JsonNode;

@org.junit.jupiter.api.Tag("media")
class SpeechThroughTheApiTest extends ServerTest {

    @BeforeAll
    static void tools() {
        RequiredTools.require("espeak-ng", "espeak-ng");
    }

    @Test
    void aVietnameseBodyBecomesSpeechWhoseLengthGrowsWithTheText() {
        TestWorld w = world();
        Api editor = TestWorld.user(admin, "tts" + w.suffix(), "EDITOR", w.communeAId());
        String sentence = "Ủy ban nhân dân xã thông báo lịch tiêm chủng mở rộng cho trẻ em dưới năm tuổi. ";
        long shortMs = speak(editor, sentence, "vi");
        long longMs = speak(editor, sentence.repeat(3), "vi-vn-x-south");
        assertThat(shortMs).isGreaterThan(2_000);
        assertThat(longMs).isGreaterThan(shortMs * 2);
    }

    @Test
    void anUnknownVoiceIs422() {
        TestWorld w = world();
        Api editor = TestWorld.user(admin, "ttsv" + w.suffix(), "EDITOR", w.communeAId());
        String id = editor.post(
                        "/api/v1/bulletins", Map.of("title", "Giọng lạ", "category", "thoi-su", "body", "Xin chào."))
                .text("id");
        assertThat(editor.post("/api/v1/bulletins/" + id + "/tts", Map.of("voice", "klingon"))
                        .status())
                .isEqualTo(422);
        assertThat(editor.get("/api/v1/tts/voices").json().get("available").asBoolean())
                .isTrue();
    }

    private long speak(Api editor, String text, String voice) {
        String id = editor.post("/api/v1/bulletins", Map.of("title", "Đọc tự động", "category", "y-te", "body", text))
                .text("id");
        Api.Response accepted = editor.post("/api/v1/bulletins/" + id + "/tts", Map.of("voice", voice, "rate", 160));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        JsonNode job = AudioJobs.ended(editor, accepted.text("id"));
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        JsonNode audio = editor.get("/api/v1/bulletins/" + id).json().get("audio");
        assertThat(audio.get("loudnessLufs").asDouble()).isBetween(-17.0, -15.0);
        return audio.get("durationMs").asLong();
    }
}
