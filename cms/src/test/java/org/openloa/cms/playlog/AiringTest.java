package org.openloa.cms.playlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The calendar's aired / partly / not aired, as docs/operator-guide.md defines it. */
class AiringTest {

    private static final UUID A = UUID.randomUUID();
    private static final UUID B = UUID.randomUUID();
    private static final Instant END = Instant.parse("2027-03-08T00:10:00Z");
    private static final Instant AFTER = END.plusSeconds(3600);

    private static PlayLogs.Heard heard(UUID device, int played, int interrupted, int logs) {
        return new PlayLogs.Heard(device, "item", played, interrupted, logs);
    }

    @Test
    void airedWhenEveryOnlineDevicePlayedItAll() {
        assertThat(Airing.of(List.of(heard(A, 2, 0, 2), heard(B, 2, 0, 2)), Set.of(A, B), Map.of(), END, AFTER, 2))
                .isEqualTo(Airing.AIRED);
        // B said nothing and has not been heard from since the end: it was offline, and is left out.
        assertThat(Airing.of(List.of(heard(A, 1, 0, 1)), Set.of(A, B), Map.of(B, END.minusSeconds(60)), END, AFTER, 1))
                .isEqualTo(Airing.AIRED);
    }

    @Test
    void partlyWhenSomePlayedOrOnlyPartOfIt() {
        // B was heard from after the end and did not play it.
        assertThat(Airing.of(List.of(heard(A, 1, 0, 1)), Set.of(A, B), Map.of(B, AFTER), END, AFTER, 1))
                .isEqualTo(Airing.PARTLY);
        assertThat(Airing.of(List.of(heard(A, 0, 1, 1)), Set.of(A), Map.of(), END, AFTER, 1))
                .isEqualTo(Airing.PARTLY);
        // One of two bulletins played, the other skipped.
        assertThat(Airing.of(List.of(heard(A, 1, 0, 2)), Set.of(A), Map.of(), END, AFTER, 2))
                .isEqualTo(Airing.PARTLY);
    }

    @Test
    void notAiredWhenNonePlayedAny() {
        assertThat(Airing.of(List.of(heard(A, 0, 0, 1)), Set.of(A), Map.of(), END, AFTER, 1))
                .isEqualTo(Airing.NOT_AIRED);
        assertThat(Airing.of(List.of(), Set.of(A, B), Map.of(A, AFTER), END, AFTER, 1))
                .isEqualTo(Airing.NOT_AIRED);
        assertThat(Airing.of(List.of(), Set.of(A), Map.of(), END, AFTER, 1)).isEqualTo(Airing.NOT_AIRED);
        // Reports of devices the item was not planned on do not count.
        assertThat(Airing.of(List.of(heard(B, 1, 0, 1)), Set.of(A), Map.of(), END, AFTER, 1))
                .isEqualTo(Airing.NOT_AIRED);
    }

    @Test
    void nothingToSayBeforeTheEndUntilADeviceReports() {
        assertThat(Airing.of(List.of(), Set.of(A), Map.of(A, AFTER), END, END.minusSeconds(60), 1))
                .isNull();
        assertThat(Airing.of(List.of(heard(A, 1, 0, 1)), Set.of(A), Map.of(), END, END.minusSeconds(60), 1))
                .isEqualTo(Airing.AIRED);
    }
}
