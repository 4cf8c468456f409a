package org.openloa.edge.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openloa.edge.testing.Plans.audio;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openloa.edge.testing.MutableClock;
import org.openloa.protocol.ItemEvent;
import org.openloa.protocol.ItemEvent.Type;
import org.openloa.protocol.Manifest.Item;
import org.openloa.protocol.Manifest.Priority;

class ItemEventsTest {

    static final Instant T = Instant.parse("2026-11-23T23:00:00Z");

    @TempDir
    Path dir;

    MutableClock clock = new MutableClock(T);
    List<ItemEvent> sent = new CopyOnWriteArrayList<>();
    Item flood = audio("flood@T", T, T.plusSeconds(60), Priority.EMERGENCY, "siren");

    @Test
    void eachStepOfAnEmergencyIsReportedOnceEvenAcrossARestart() {
        ItemEvents before = ItemEvents.open(clock, sent::add, dir.resolve("events.json"), "d-1", false);
        before.received(flood);
        before.received(flood);
        before.started(flood);

        ItemEvents after = ItemEvents.open(clock, sent::add, dir.resolve("events.json"), "d-1", false);
        after.received(flood);
        after.started(flood);
        after.ended(flood);

        assertThat(sent).extracting(ItemEvent::type).containsExactly(Type.RECEIVED, Type.STARTED, Type.ENDED);
        assertThat(sent.get(0).id()).isEqualTo(ItemEvents.id("d-1", "flood@T", Type.RECEIVED));
        assertThat(after.reported(flood, Type.STARTED)).isTrue();
    }

    @Test
    void idsAreStablePerItemAndTypeButDifferFromBoxToBox() {
        assertThat(ItemEvents.id("d-1", "flood@T", Type.RECEIVED))
                .isEqualTo(ItemEvents.id("d-1", "flood@T", Type.RECEIVED))
                .isNotEqualTo(ItemEvents.id("d-2", "flood@T", Type.RECEIVED))
                .isNotEqualTo(ItemEvents.id("d-1", "flood@T", Type.READY));
    }

    @Test
    void normalItemsAreReportedOnlyWhenTheSettingSaysSo() {
        Item bulletin = audio("bulletin@T", T, T.plusSeconds(60), Priority.NORMAL, "news");

        ItemEvents.open(clock, sent::add, null, "d-1", false).received(bulletin);
        assertThat(sent).isEmpty();

        ItemEvents.open(clock, sent::add, null, "d-1", true).received(bulletin);
        assertThat(sent).singleElement().satisfies(e -> assertThat(e.itemId()).isEqualTo("bulletin@T"));
    }
}
