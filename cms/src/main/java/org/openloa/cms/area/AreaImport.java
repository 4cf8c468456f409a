package org.openloa.cms.area;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.openloa.cms.access.Caller;
import org.openloa.cms.problem.Text;

/**
 * Checks a CSV of areas ({@code code,name,kind,parent_code[,time_zone]}) line by line. A parent may be an
 * existing area within the caller's reach or another line of the same file, in any order.
 */
public final class AreaImport {

    static final int MAX_LINES = 50_000;

    private final Function<String, Optional<Area>> existing;
    private final java.util.function.Predicate<String> knownLevel;
    private final Caller caller;

    AreaImport(
            Function<String, Optional<Area>> existing, java.util.function.Predicate<String> knownLevel, Caller caller) {
        this.existing = existing;
        this.knownLevel = knownLevel;
        this.caller = caller;
    }

    public enum Outcome {
        ACCEPTED,
        REFUSED
    }

    /** One line of the file and what became of it; {@code reasonKey} names a message for people. */
    public record Line(int number, String code, String name, Outcome outcome, String reasonKey, List<String> args) {}

    record Row(int number, String code, String name, String kind, String parentCode, ZoneId zone) {}

    public record Report(List<Line> lines, List<Row> rowsParentsFirst) {

        public boolean accepted() {
            return !lines.isEmpty() && lines.stream().allMatch(l -> l.outcome() == Outcome.ACCEPTED);
        }

        public long refusedCount() {
            return lines.stream().filter(l -> l.outcome() == Outcome.REFUSED).count();
        }

        public long acceptedCount() {
            return lines.size() - refusedCount();
        }

        public boolean empty() {
            return lines.isEmpty();
        }
    }

    Report check(String csv) {
        List<Line> lines = new ArrayList<>();
        Map<String, Row> rows = new LinkedHashMap<>();
        Map<Integer, String[]> refusals = new HashMap<>();
        String text = csv.startsWith("\uFEFF") ? csv.substring(1) : csv;
        String[] physical = text.split("\r\n|\n|\r", -1);
        if (physical.length > MAX_LINES) {
            lines.add(new Line(
                    0, null, null, Outcome.REFUSED, "area.import.too-many-lines", List.of(String.valueOf(MAX_LINES))));
            return new Report(lines, List.of());
        }
        List<Row> parsed = new ArrayList<>();
        for (int i = 0; i < physical.length; i++) {
            int number = i + 1;
            String raw = physical[i];
            if (raw.isBlank() || raw.startsWith("#")) {
                continue;
            }
            List<String> fields = CsvLine.split(raw);
            if (number == 1 && !fields.isEmpty() && fields.get(0).strip().equalsIgnoreCase("code")) {
                continue;
            }
            String code = fields.isEmpty() ? "" : fields.get(0).strip();
            String typed = fields.size() > 1 ? fields.get(1) : "";
            String name = Text.acceptable(typed) ? Text.clean(typed, "name") : typed;
            String refusal = null;
            String arg = null;
            if (fields == CsvLine.UNBALANCED) {
                refusal = "area.import.unbalanced-quotes";
            } else if (fields.size() < 4 || fields.size() > 5) {
                refusal = "area.import.field-count";
                arg = String.valueOf(fields.size());
            } else if (!AreaService.CODE.matcher(code).matches()) {
                refusal = "area.invalid-code";
            } else if (name.isEmpty() || name.length() > 255 || !Text.acceptable(name)) {
                refusal = "area.invalid-name";
            } else if (!AreaService.KIND.matcher(fields.get(2).strip()).matches()) {
                refusal = "area.invalid-kind";
            } else if (!knownLevel.test(fields.get(2).strip())) {
                refusal = "area.import.unknown-level";
                arg = fields.get(2).strip();
            } else if (rows.containsKey(code)) {
                refusal = "area.import.duplicate-code";
                arg = String.valueOf(rows.get(code).number());
            } else if (existing.apply(code).isPresent()) {
                refusal = "area.code-taken";
                arg = code;
            }
            ZoneId zone = null;
            if (refusal == null && fields.size() == 5 && !fields.get(4).isBlank()) {
                zone = AreaService.parseZone(fields.get(4)).orElse(null);
                if (zone == null) {
                    refusal = "area.invalid-time-zone";
                    arg = fields.get(4).strip();
                }
            }
            if (refusal != null) {
                refusals.put(number, new String[] {refusal, arg});
                lines.add(
                        new Line(number, code, name, Outcome.REFUSED, refusal, arg == null ? List.of() : List.of(arg)));
                continue;
            }
            String parentCode = fields.get(3).strip();
            Row row =
                    new Row(number, code, name, fields.get(2).strip(), parentCode.isEmpty() ? null : parentCode, zone);
            rows.put(code, row);
            parsed.add(row);
            lines.add(new Line(number, code, name, Outcome.ACCEPTED, null, List.of()));
        }
        // Second pass: every parent must be reachable, through the file or the tree, without a cycle.
        Set<String> placed = new HashSet<>();
        List<Row> ordered = new ArrayList<>();
        for (Row row : parsed) {
            String problem = parentProblem(row, rows);
            if (problem != null) {
                replace(lines, row, problem, row.parentCode());
            }
        }
        Map<String, Integer> depths = new HashMap<>();
        boolean progress = true;
        while (progress) {
            progress = false;
            for (Row row : parsed) {
                if (placed.contains(row.code()) || refused(lines, row)) {
                    continue;
                }
                if (row.parentCode() == null
                        || !rows.containsKey(row.parentCode())
                        || placed.contains(row.parentCode())) {
                    int depth = 1
                            + (row.parentCode() == null
                                    ? 0
                                    : depths.containsKey(row.parentCode())
                                            ? depths.get(row.parentCode())
                                            : existing.apply(row.parentCode())
                                                    .map(p -> AreaService.depth(p.path()))
                                                    .orElse(0));
                    if (depth > AreaService.MAX_DEPTH) {
                        replace(lines, row, "area.too-deep", String.valueOf(AreaService.MAX_DEPTH));
                        continue;
                    }
                    depths.put(row.code(), depth);
                    placed.add(row.code());
                    ordered.add(row);
                    progress = true;
                }
            }
        }
        for (Row row : parsed) {
            if (!placed.contains(row.code()) && !refused(lines, row)) {
                Row parent = rows.get(row.parentCode());
                replace(
                        lines,
                        row,
                        refused(lines, parent) ? "area.import.parent-refused" : "area.import.parent-cycle",
                        row.parentCode());
            }
        }
        if (lines.isEmpty()) {
            lines.add(new Line(0, null, null, Outcome.REFUSED, "area.import.empty", List.of()));
        }
        return new Report(List.copyOf(lines), List.copyOf(ordered));
    }

    private String parentProblem(Row row, Map<String, Row> rows) {
        if (row.parentCode() == null) {
            return caller.isNational() ? null : "area.parent-required";
        }
        if (rows.containsKey(row.parentCode())) {
            return null;
        }
        Optional<Area> parent = existing.apply(row.parentCode()).filter(p -> caller.reaches(p.path()));
        if (parent.isEmpty()) {
            return "area.import.unknown-parent";
        }
        return parent.get().retired() ? "area.import.parent-retired" : null;
    }

    private static boolean refused(List<Line> lines, Row row) {
        return lines.stream().anyMatch(l -> l.number() == row.number() && l.outcome() == Outcome.REFUSED);
    }

    private static void replace(List<Line> lines, Row row, String reasonKey, String arg) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).number() == row.number()) {
                lines.set(
                        i,
                        new Line(
                                row.number(),
                                row.code(),
                                row.name(),
                                Outcome.REFUSED,
                                reasonKey,
                                arg == null ? List.of() : List.of(arg)));
            }
        }
    }
}
