package org.openloa.cms.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openloa.cms.bulletin.BulletinCategory;
import org.openloa.cms.bulletin.BulletinService;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * A summary laid out as the tables every download shows (CSV, XLSX, PDF), in the reader's language: the areas
 * (the whole area first, then each child area), air time by category, and the days. One layout, so the three
 * formats cannot disagree.
 */
@Component
public class ReportTable {

    private final MessageSource messages;
    private final BulletinService bulletins;

    ReportTable(MessageSource messages, BulletinService bulletins) {
        this.messages = messages;
        this.bulletins = bulletins;
    }

    /** A titled table: a header line and rows of cells (text or numbers). */
    public record Table(String title, List<String> header, List<List<Object>> rows) {}

    /** The report's title line: "Báo cáo phát thanh cơ sở — Xã …". */
    public String title(Summary s, Locale locale) {
        return word("report.title", locale) + " — " + s.area().name();
    }

    /** The period line, in the area's zone. */
    public String period(Summary s, Locale locale) {
        return messages.getMessage(
                "report.period", new Object[] {s.from().toString(), s.to().toString(), s.zone()}, locale);
    }

    public List<Table> tables(Summary s, Locale locale) {
        return List.of(areas(s, locale), categories(s, locale), incidents(s, locale), days(s, locale));
    }

    Table areas(Summary s, Locale locale) {
        List<String> header = List.of(
                word("report.col.area", locale),
                word("report.col.code", locale),
                word("report.col.bulletins", locale),
                word("report.col.approved", locale),
                word("report.col.planned", locale),
                word("report.col.aired", locale),
                word("report.col.compliance", locale),
                word("report.col.missed", locale),
                word("report.col.installed", locale),
                word("report.col.working", locale),
                word("report.col.online", locale),
                word("report.col.live", locale),
                word("report.col.relay", locale),
                word("report.col.incidents", locale));
        List<List<Object>> rows = new ArrayList<>();
        rows.add(row(
                word("report.total", locale) + ": " + s.area().name() + fromDownstream(s.downstream(), locale),
                s.area().code(),
                s.total()));
        for (Summary.AreaFigures child : s.children()) {
            rows.add(row(
                    child.area().name() + fromDownstream(child.downstream(), locale),
                    child.area().code(),
                    child.figures()));
        }
        return new Table(word("report.section.areas", locale), header, rows);
    }

    /** Incidents by kind, the whole area then each child area (docs/reports.md, "Incidents"). */
    Table incidents(Summary s, Locale locale) {
        List<List<Object>> rows = new ArrayList<>();
        rows.add(incidentRow(
                word("report.total", locale) + ": " + s.area().name(), s.total().incidents()));
        for (Summary.AreaFigures child : s.children()) {
            rows.add(incidentRow(child.area().name(), child.figures().incidents()));
        }
        return new Table(
                word("report.section.incidents", locale),
                List.of(
                        word("report.col.area", locale),
                        word("report.col.incidents", locale),
                        word("report.incident.outages", locale),
                        word("report.incident.failed", locale),
                        word("report.incident.relay-losses", locale),
                        word("report.incident.missed-emergencies", locale)),
                rows);
    }

    private static List<Object> incidentRow(String name, Summary.Incidents i) {
        if (i == null) {
            return List.<Object>of(name, "", "", "", "", "");
        }
        return List.<Object>of(name, i.total(), i.outages(), i.failedPlays(), i.relayLosses(), i.missedEmergencies());
    }

    /** " (from a downstream instance, received …)" for figures pushed up, else "". */
    String fromDownstream(Summary.Downstream d, Locale locale) {
        if (d == null) {
            return "";
        }
        return " ("
                + messages.getMessage(
                        "report.downstream",
                        new Object[] {
                            d.days(),
                            d.lastReceived() == null ? "" : d.lastReceived().toString()
                        },
                        locale)
                + ")";
    }

    Table categories(Summary s, Locale locale) {
        Map<String, String> names = new LinkedHashMap<>();
        for (BulletinCategory c : bulletins.categories()) {
            names.put(c.code(), c.name(locale));
        }
        names.put(ReportService.NO_CATEGORY, word("report.no-category", locale));
        List<List<Object>> rows = new ArrayList<>();
        java.util.Set<String> codes = new java.util.LinkedHashSet<>(names.keySet());
        codes.addAll(s.total().bulletins().byCategory().keySet());
        codes.addAll(s.total().airedMinutesByCategory().keySet());
        for (String code : codes) {
            long produced = s.total().bulletins().byCategory().getOrDefault(code, 0L);
            double aired = s.total().airedMinutesByCategory().getOrDefault(code, 0.0);
            if (produced == 0 && aired == 0 && !names.containsKey(code)) {
                continue;
            }
            rows.add(List.<Object>of(names.getOrDefault(code, code), produced, hours(aired)));
        }
        return new Table(
                word("report.section.categories", locale),
                List.of(
                        word("report.col.category", locale),
                        word("report.col.bulletins", locale),
                        word("report.col.aired-hours", locale)),
                rows);
    }

    Table days(Summary s, Locale locale) {
        List<List<Object>> rows = new ArrayList<>();
        for (Summary.Day d : s.days()) {
            rows.add(List.<Object>of(
                    d.date().toString(), d.plannedMinutes(), d.airedMinutes(), percent(d.onlineRate())));
        }
        return new Table(
                word("report.section.days", locale),
                List.of(
                        word("report.col.date", locale),
                        word("report.col.planned", locale),
                        word("report.col.aired", locale),
                        word("report.col.online", locale)),
                rows);
    }

    private static List<Object> row(String name, String code, Summary.Figures f) {
        return List.<Object>of(
                name,
                code,
                f.bulletins().total(),
                f.bulletins().byStatus().getOrDefault("APPROVED", 0L),
                f.plannedMinutes(),
                f.airedMinutes(),
                percent(f.compliance()),
                f.missedPlays(),
                f.devicesInstalled(),
                f.devicesWorkingNow(),
                percent(f.onlineRate()),
                f.liveMinutes() == null ? "" : f.liveMinutes(),
                f.relayMinutes() == null ? "" : f.relayMinutes(),
                f.incidents() == null ? "" : f.incidents().total());
    }

    /** A ratio as a percentage with one decimal, or "" when there is none. */
    static Object percent(Double ratio) {
        return ratio == null ? "" : Math.round(ratio * 1000) / 10.0;
    }

    static double hours(double minutes) {
        return Math.round(minutes / 6.0) / 10.0;
    }

    private String word(String key, Locale locale) {
        return messages.getMessage(key, null, locale);
    }
}
