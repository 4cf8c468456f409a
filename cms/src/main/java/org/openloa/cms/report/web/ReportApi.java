package org.openloa.cms.report.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.openloa.cms.access.CurrentCaller;
import org.openloa.cms.problem.ProblemException;
import org.openloa.cms.problem.RefusalKind;
import org.openloa.cms.report.MonthlyReports;
import org.openloa.cms.report.ReportFiles;
import org.openloa.cms.report.ReportService;
import org.openloa.cms.report.Summary;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The reports' summary, as JSON or as a file (CSV, XLSX, PDF) chosen by {@code ?format=} or the Accept header;
 * the files speak the reader's language (?lang=, Accept-Language), Vietnamese by default.
 */
@RestController
@RequestMapping("/api/v1/reports")
@Tag(name = "Reports", description = "Figures of an area and its child areas (báo cáo)")
class ReportApi {

    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private final ReportService reports;
    private final ReportFiles files;
    private final MonthlyReports monthly;

    ReportApi(ReportService reports, ReportFiles files, MonthlyReports monthly) {
        this.reports = reports;
        this.files = files;
        this.monthly = monthly;
    }

    @GetMapping(value = "/monthly", produces = "application/json")
    @Operation(
            summary = "The kept monthly reports of the areas under an area (default: the caller's), newest first",
            description = "Made by the monthly job once a month has ended in each area's zone (at most 500 listed).")
    List<MonthlyReports.Kept> monthly(
            @Parameter(description = "only areas under this area") @RequestParam(required = false) UUID areaId) {
        return monthly.list(CurrentCaller.get(), areaId);
    }

    @GetMapping("/monthly/{id}")
    @Operation(
            summary = "One kept monthly report, as JSON or as a file (format or Accept, as for the summary)",
            description = "404 for a report unknown or of an area outside the caller's areas.")
    @ApiResponse(
            responseCode = "200",
            description = "the report as it was made",
            content = {
                @Content(mediaType = "application/json", schema = @Schema(implementation = Summary.class)),
                @Content(mediaType = "text/csv", schema = @Schema(type = "string")),
                @Content(mediaType = XLSX, schema = @Schema(type = "string", format = "binary")),
                @Content(mediaType = "application/pdf", schema = @Schema(type = "string", format = "binary"))
            })
    ResponseEntity<?> monthlyOne(
            @PathVariable UUID id,
            @Parameter(description = "json, csv, xlsx or pdf (overrides Accept)") @RequestParam(required = false)
                    String format,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        String kind = kind(format, accept);
        return answer(monthly.get(CurrentCaller.get(), id), kind);
    }

    @GetMapping("/summary")
    @Operation(
            summary = "Bulletins, air time planned and aired, missed plays and loudspeakers of an area and its"
                    + " child areas over whole days of the area's zone",
            description = "Any role, for an area within the caller's reach (404 otherwise). Every figure is defined"
                    + " in docs/reports.md. format (json, csv, xlsx, pdf) or the Accept header chooses the"
                    + " representation; files are in the request's language.")
    @ApiResponse(
            responseCode = "200",
            description = "the summary",
            content = {
                @Content(mediaType = "application/json", schema = @Schema(implementation = Summary.class)),
                @Content(mediaType = "text/csv", schema = @Schema(type = "string")),
                @Content(mediaType = XLSX, schema = @Schema(type = "string", format = "binary")),
                @Content(mediaType = "application/pdf", schema = @Schema(type = "string", format = "binary"))
            })
    ResponseEntity<?> summary(
            @Parameter(description = "the area (default: the caller's own)") @RequestParam(required = false)
                    UUID areaId,
            @Parameter(description = "the first day, e.g. 2027-03-01 (default: the first of this month)")
                    @RequestParam(required = false)
                    String from,
            @Parameter(description = "the last day, included (default: today, or the end of from's month)")
                    @RequestParam(required = false)
                    String to,
            @Parameter(description = "json, csv, xlsx or pdf (overrides Accept)") @RequestParam(required = false)
                    String format,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        String kind = kind(format, accept);
        Summary summary = reports.summary(
                areaId, ReportService.day("from", from), ReportService.day("to", to), CurrentCaller.get());
        return answer(summary, kind);
    }

    private ResponseEntity<?> answer(Summary summary, String kind) {
        Locale locale = LocaleContextHolder.getLocale();
        String name = "bao-cao-"
                + (summary.area().code() == null ? "khu-vuc" : summary.area().code()) + "-" + summary.from() + "-"
                + summary.to();
        return switch (kind) {
            case "csv" -> file(files.csv(summary, locale), "text/csv;charset=UTF-8", name + ".csv");
            case "xlsx" -> file(files.xlsx(summary, locale), XLSX, name + ".xlsx");
            case "pdf" -> file(files.pdf(summary, locale), "application/pdf", name + ".pdf");
            default ->
                ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(summary);
        };
    }

    /** The representation asked for: ?format= first, then the Accept header; JSON by default. */
    static String kind(String format, String accept) {
        if (format != null && !format.isBlank()) {
            String f = format.strip().toLowerCase(Locale.ROOT);
            if (!f.equals("json") && !f.equals("csv") && !f.equals("xlsx") && !f.equals("pdf")) {
                throw new ProblemException(
                        RefusalKind.INVALID,
                        "invalid-input",
                        List.of(new ProblemException.FieldProblem(
                                "format", "report.invalid-format", new Object[] {format})),
                        "problem.invalid-input");
            }
            return f;
        }
        if (accept != null) {
            if (accept.contains("text/csv")) {
                return "csv";
            }
            if (accept.contains(XLSX)) {
                return "xlsx";
            }
            if (accept.contains("application/pdf")) {
                return "pdf";
            }
        }
        return "json";
    }

    private static ResponseEntity<byte[]> file(byte[] body, String type, String name) {
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(type))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(name).build().toString())
                .body(body);
    }
}
