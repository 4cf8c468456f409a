package org.openloa.cms.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openloa.scheduler.broadcast.Priority;

/** CAP alert → what airs: content, priority, end, title (the mapping docs/emergency.md documents). */
class AlertOrdersTest {

    private static final List<String> VOICES = List.of("vi", "vi-vn-x-central", "en-us", "en-gb");
    private static final Where.Selection SOMEWHERE = new Where.Selection(Set.of(UUID.randomUUID()), Set.of());

    @Test
    void theVietnameseInfoIsReadAloudAndOtherLanguagesWithAVoiceFollow() {
        CapDocument cap = CapReader.read(CapSamples.alert()
                .info("en-US", "Immediate", "Severe", null, "Storm warning")
                .info("vi-VN", "Immediate", "Severe", null, "Cảnh báo bão")
                .info("hmn", "Immediate", "Severe", null, "Cua daj cua nag")
                .bytes());

        AlertOrder order = AlertOrders.order(cap, SOMEWHERE, VOICES, Optional.empty());

        assertThat(order.contents())
                .containsExactly(
                        new AlertOrder.Content.Speech(
                                "Cảnh báo bão. Bão mạnh cấp 12 đang tiến vào đất liền."
                                        + " Người dân không ra khơi, gia cố nhà cửa.",
                                "vi"),
                        new AlertOrder.Content.Speech(
                                "Storm warning. Bão mạnh cấp 12 đang tiến vào đất liền."
                                        + " Người dân không ra khơi, gia cố nhà cửa.",
                                "en-us"));
        assertThat(order.title()).isEqualTo("Cảnh báo bão");
        assertThat(order.issuedAt()).isEqualTo(OffsetDateTime.parse("2026-12-04T09:00:00+07:00"));
        assertThat(order.areaIds()).containsExactlyElementsOf(SOMEWHERE.areaIds());
    }

    @Test
    void aRecordingTakesThePlaceOfTheVietnameseSpeech() {
        CapDocument cap = CapReader.read(CapSamples.alert()
                .info("vi", "Immediate", "Severe", null, "Cảnh báo bão")
                .bytes());
        AlertOrder.Content.Recording recording = new AlertOrder.Content.Recording(Path.of("/tmp/x.mp3"), "x.mp3");

        AlertOrder order = AlertOrders.order(cap, SOMEWHERE, VOICES, Optional.of(recording));

        assertThat(order.contents()).containsExactly(recording);
    }

    @Test
    void urgencyAndSeverityGivePriorityAndTheLatestExpiresEndsIt() {
        assertThat(priority("Immediate", "Extreme")).isEqualTo(Priority.EMERGENCY);
        assertThat(priority("Expected", "Severe")).isEqualTo(Priority.EMERGENCY);
        assertThat(priority("Future", "Extreme")).isEqualTo(Priority.PRIORITY);
        assertThat(priority("Immediate", "Moderate")).isEqualTo(Priority.PRIORITY);
        assertThat(priority("Unknown", "Unknown")).isEqualTo(Priority.PRIORITY);

        CapDocument twoEnds = CapReader.read(CapSamples.alert()
                .info("vi", "Future", "Minor", "2026-12-05T09:00:00+07:00", "a")
                .info("en", "Future", "Minor", "2026-12-06T09:00:00+07:00", "b")
                .bytes());
        assertThat(AlertOrders.endsAt(twoEnds)).isEqualTo(OffsetDateTime.parse("2026-12-06T09:00:00+07:00"));
        CapDocument oneOpen = CapReader.read(CapSamples.alert()
                .info("vi", "Future", "Minor", "2026-12-05T09:00:00+07:00", "a")
                .info("en", "Future", "Minor", null, "b")
                .bytes());
        assertThat(AlertOrders.endsAt(oneOpen)).isNull();
    }

    @Test
    void voicesAreMatchedByTagThenPrimarySubtag() {
        assertThat(AlertOrders.voiceFor("vi-VN", VOICES)).isEqualTo("vi");
        assertThat(AlertOrders.voiceFor("EN-GB", VOICES)).isEqualTo("en-gb");
        assertThat(AlertOrders.voiceFor("en-AU", VOICES)).isEqualTo("en-us");
        assertThat(AlertOrders.voiceFor("vi", List.of("vi-vn-x-central"))).isEqualTo("vi-vn-x-central");
        assertThat(AlertOrders.voiceFor("km", VOICES)).isNull();
    }

    @Test
    void anAlertWithNeitherVietnameseNorAVoicedLanguageHasNothingToAir() {
        CapDocument cap = CapReader.read(CapSamples.alert()
                .info("km", "Immediate", "Severe", null, "ព្យុះ")
                .bytes());

        assertThat(AlertOrders.order(cap, SOMEWHERE, VOICES, Optional.empty()).contents())
                .isEmpty();
    }

    private static Priority priority(String urgency, String severity) {
        return AlertOrders.priority(CapReader.read(
                CapSamples.alert().info("vi", urgency, severity, null, "x").bytes()));
    }
}
