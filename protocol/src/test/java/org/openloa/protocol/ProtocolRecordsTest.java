package org.openloa.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.openloa.protocol.Samples.audio;
import static org.openloa.protocol.Samples.media;
import static org.openloa.protocol.Samples.t;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openloa.protocol.Manifest.Command;
import org.openloa.protocol.Manifest.CommandType;
import org.openloa.protocol.Manifest.Item;
import org.openloa.protocol.Manifest.Kind;
import org.openloa.protocol.Manifest.Media;
import org.openloa.protocol.Manifest.Priority;
import org.openloa.protocol.Manifest.Settings;

/** What the records refuse, so neither side ever holds a document that breaks the protocol's rules. */
class ProtocolRecordsTest {

    @Test
    void anItemThatEndsBeforeItStartsIsRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() ->
                        audio("i", "2026-11-23T06:00:00+07:00", "2026-11-23T05:59:00+07:00", Priority.NORMAL, "m"))
                .withMessageContaining("must end after it starts");
    }

    @Test
    void anAudioItemWithoutMediaAndAStreamWithoutUrlAreRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Item(
                        "i",
                        t("2026-11-23T06:00:00Z"),
                        t("2026-11-23T06:01:00Z"),
                        Priority.NORMAL,
                        Kind.AUDIO,
                        List.of(),
                        null,
                        null));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Item(
                        "i",
                        t("2026-11-23T06:00:00Z"),
                        t("2026-11-23T06:01:00Z"),
                        Priority.NORMAL,
                        Kind.STREAM,
                        List.of(),
                        " ",
                        null));
    }

    @Test
    void aVolumeOutsideZeroToHundredIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Settings(101, null, null));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Item(
                        "i",
                        t("2026-11-23T06:00:00Z"),
                        t("2026-11-23T06:01:00Z"),
                        Priority.NORMAL,
                        Kind.AUDIO,
                        List.of("m"),
                        null,
                        -1));
    }

    @Test
    void aMediaWhoseSha256IsNotLowerCaseHexIsRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Media("m", Samples.SHA.toUpperCase(), 1, "audio/mpeg", 1, null))
                .withMessageContaining("sha256");
    }

    @Test
    void aManifestWhoseItemNeedsUnlistedMediaIsRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Manifest(
                        "v",
                        t("2026-11-23T06:00:00Z"),
                        60,
                        new Settings(50, null, null),
                        List.of(audio("i", "2026-11-23T06:00:00Z", "2026-11-23T06:01:00Z", Priority.NORMAL, "m-2")),
                        List.of(media("m-1")),
                        null,
                        null))
                .withMessageContaining("m-2");
    }

    @Test
    void aManifestWithTwoItemsOfOneIdIsRefused() {
        Item item = audio("i", "2026-11-23T06:00:00Z", "2026-11-23T06:01:00Z", Priority.NORMAL, "m-1");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Manifest(
                        "v",
                        t("2026-11-23T06:00:00Z"),
                        60,
                        new Settings(50, null, null),
                        List.of(item, item),
                        List.of(media("m-1")),
                        null,
                        null))
                .withMessageContaining("duplicate");
    }

    @Test
    void aPlayLogThatEndsBeforeItStartsIsRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new PlayLog(
                        "p",
                        "i",
                        "m",
                        t("2026-11-23T06:00:00Z"),
                        t("2026-11-23T05:00:00Z"),
                        PlayLog.Outcome.PLAYED,
                        null));
    }

    @Test
    void emergencyOutranksPriorityWhichOutranksNormal() {
        assertThat(Priority.EMERGENCY.outranks(Priority.PRIORITY)).isTrue();
        assertThat(Priority.PRIORITY.outranks(Priority.NORMAL)).isTrue();
        assertThat(Priority.NORMAL.outranks(Priority.NORMAL)).isFalse();
    }

    @Test
    void quietHoursAreHalfOpen() {
        Manifest.QuietHours quiet =
                new Manifest.QuietHours(t("2026-11-23T22:00:00+07:00"), t("2026-11-24T05:00:00+07:00"));

        assertThat(quiet.covers(t("2026-11-23T15:00:00Z"))).isTrue();
        assertThat(quiet.covers(t("2026-11-23T22:00:00Z"))).isFalse();
    }

    @Test
    void aSetVolumeCommandReadsItsVolumeArgument() {
        assertThat(new Command("c", CommandType.SET_VOLUME, Map.of("volume", " 85 ")).intArg("volume"))
                .contains(85);
        assertThat(new Command("c", CommandType.SET_VOLUME, Map.of("volume", "loud")).intArg("volume"))
                .isEmpty();
        assertThat(new Command("c", CommandType.STOP, null).intArg("volume")).isEmpty();
    }

    @Test
    void secretsStayOutOfToString() {
        assertThat(new EnrollResponse("d-1", "s3cr3t-token").toString())
                .doesNotContain("s3cr3t-token")
                .contains("d-1");
        assertThat(new EnrollRequest("CODE-123", "hw", "1").toString()).doesNotContain("CODE-123");
    }
}
