package org.openloa.cms.playlog.web;

import java.time.LocalDate;
import java.util.UUID;
import org.openloa.cms.access.CurrentCaller;
import org.openloa.cms.playlog.history.PlayHistory;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A device's play history, a day at a time. The device's own page loads the {@code #plays} section of this
 * page (htmx), so what played today shows there too; this page pages back by day.
 */
@Controller
class PlayHistoryPages {

    private final PlayHistory history;

    PlayHistoryPages(PlayHistory history) {
        this.history = history;
    }

    @GetMapping("/devices/{id}/plays")
    String plays(
            @PathVariable UUID id,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date,
            Model model) {
        PlayHistory.Day day = history.day(CurrentCaller.get(), id, date);
        model.addAttribute("day", day);
        model.addAttribute("weekday", day.date().getDayOfWeek());
        return "devices/plays";
    }
}
