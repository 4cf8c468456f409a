package org.openloa.scheduler.broadcast;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.openloa.scheduler.Rule;
import org.openloa.scheduler.RuleViolation;
import org.openloa.scheduler.RuleViolationException;

/** Recorded media played in order. */
public record Playlist(List<MediaItem> items) implements Content {

    public Playlist {
        if (items == null || items.isEmpty()) {
            throw new RuleViolationException(List.of(
                    new RuleViolation("bulletinIds", Rule.EMPTY_CONTENT, "a playlist needs at least one media item")));
        }
        items = List.copyOf(items);
    }

    public static Playlist of(MediaItem... items) {
        return new Playlist(List.of(items));
    }

    @Override
    public Duration length() {
        Duration total = Duration.ZERO;
        for (MediaItem item : items) {
            total = total.plus(item.duration());
        }
        return total;
    }

    @Override
    public Content repeated(int times) {
        if (times == 1) {
            return this;
        }
        List<MediaItem> all = new ArrayList<>(items.size() * times);
        for (int i = 0; i < times; i++) {
            all.addAll(items);
        }
        return new Playlist(all);
    }
}
