package org.openloa.cms.report.web;

import jakarta.servlet.http.HttpServletResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.openloa.cms.access.Caller;
import org.openloa.cms.access.CurrentCaller;
import org.openloa.cms.area.AreaService;
import org.openloa.cms.report.DeviceMap;
import org.openloa.cms.report.MonthlyReports;
import org.openloa.cms.report.ReportFiles;
import org.openloa.cms.report.ReportService;
import org.openloa.cms.report.Summary;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The Báo cáo page (period and area pickers, the figures, charts, downloads) and the Bản đồ page (a Leaflet map of
 * the loudspeakers). Downloads go through the page's own session (/reports/file), since the API takes no cookie.
 */
@Controller
class ReportPages {

    private final ReportService reports;
    private final ReportFiles files;
    private final AreaService areas;
    private final DeviceMap map;
    private final MonthlyReports monthly;
    private final String tileUrl;

    ReportPages(
            ReportService reports,
            ReportFiles files,
            AreaService areas,
            DeviceMap map,
            MonthlyReports monthly,
            @Value("${openloa.map.tile-url:https://tile.openstreetmap.org/{z}/{x}/{y}.png}") String tileUrl) {
        this.reports = reports;
        this.files = files;
        this.areas = areas;
        this.map = map;
        this.monthly = monthly;
        this.tileUrl = tileUrl;
    }

    @GetMapping("/reports")
    String page(
            @RequestParam(required = false) UUID areaId,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            Model model) {
        Caller caller = CurrentCaller.get();
        Summary summary = reports.summary(areaId, from, to, caller);
        model.addAttribute("summary", summary);
        model.addAttribute("monthly", monthly.list(caller, summary.area().id()));
        model.addAttribute("areas", areas.choicesFor(caller));
        model.addAttribute(
                "query", "areaId=" + summary.area().id() + "&from=" + summary.from() + "&to=" + summary.to());
        List<String> labels = new ArrayList<>();
        List<Double> planned = new ArrayList<>();
        List<Double> aired = new ArrayList<>();
        List<Double> online = new ArrayList<>();
        for (Summary.Day d : summary.days()) {
            labels.add(d.date().toString().substring(5));
            planned.add(d.plannedMinutes());
            aired.add(d.airedMinutes());
            online.add(d.onlineRate() == null ? null : Math.round(d.onlineRate() * 1000) / 10.0);
        }
        List<String> childLabels = new ArrayList<>();
        List<Double> compliance = new ArrayList<>();
        for (Summary.AreaFigures c : summary.children()) {
            childLabels.add(c.area().name());
            compliance.add(
                    c.figures().compliance() == null
                            ? null
                            : Math.round(c.figures().compliance() * 1000) / 10.0);
        }
        model.addAttribute("chartDays", json(labels));
        model.addAttribute("chartPlanned", json(planned));
        model.addAttribute("chartAired", json(aired));
        model.addAttribute("chartOnline", json(online));
        model.addAttribute("chartChildren", json(childLabels));
        model.addAttribute("chartCompliance", json(compliance));
        return "reports/page";
    }

    @GetMapping("/reports/file")
    ResponseEntity<byte[]> file(
            @RequestParam(required = false) UUID areaId,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(defaultValue = "pdf") String format) {
        Summary summary = reports.summary(areaId, from, to, CurrentCaller.get());
        return fileOf(summary, ReportApi.kind(format, null));
    }

    private ResponseEntity<byte[]> fileOf(Summary summary, String kind) {
        Locale locale = LocaleContextHolder.getLocale();
        String name = "bao-cao-" + summary.area().code() + "-" + summary.from() + "-" + summary.to();
        byte[] body;
        String type;
        switch (kind) {
            case "csv" -> {
                body = files.csv(summary, locale);
                type = "text/csv;charset=UTF-8";
            }
            case "xlsx" -> {
                body = files.xlsx(summary, locale);
                type = ReportApi.XLSX;
            }
            default -> {
                body = files.pdf(summary, locale);
                type = "application/pdf";
                kind = "pdf";
            }
        }
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(type))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(name + "." + kind)
                                .build()
                                .toString())
                .body(body);
    }

    @GetMapping("/reports/monthly/{id}/file")
    ResponseEntity<byte[]> monthlyFile(
            @org.springframework.web.bind.annotation.PathVariable UUID id,
            @RequestParam(defaultValue = "pdf") String format) {
        Summary summary = monthly.get(CurrentCaller.get(), id);
        return fileOf(summary, ReportApi.kind(format, null));
    }

    @GetMapping("/map")
    String map(Model model, HttpServletResponse response) {
        model.addAttribute("tileUrl", tileUrl);
        // The page's own policy: the site's, with the tile server's origin allowed for images only.
        response.setHeader("Content-Security-Policy", org.openloa.cms.report.web.MapPolicy.with(tileUrl));
        return "reports/map";
    }

    @GetMapping(value = "/map/markers", produces = "application/json")
    @ResponseBody
    List<DeviceMap.Marker> markers(@RequestParam(required = false) UUID areaId) {
        return map.markers(CurrentCaller.get(), areaId);
    }

    /** A list as JSON for a data- attribute (numbers, null, or text without control characters). */
    static String json(List<?> values) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            Object v = values.get(i);
            if (v == null) {
                out.append("null");
            } else if (v instanceof Number) {
                out.append(v);
            } else {
                out.append('"')
                        .append(v.toString()
                                .replace("\\", "\\\\")
                                .replace("\"", "\\\"")
                                .replaceAll("\\p{Cntrl}", " "))
                        .append('"');
            }
        }
        return out.append(']').toString();
    }
}
