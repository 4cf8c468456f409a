package org.openloa.cms.area;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Splits one CSV line (RFC 4180 quoting, comma or semicolon as spreadsheets in Vietnam export). */
final class CsvLine {

    static final List<String> UNBALANCED = Collections.unmodifiableList(new ArrayList<>());

    private CsvLine() {}

    static List<String> split(String line) {
        char separator = separatorOf(line);
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == separator) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            return UNBALANCED;
        }
        fields.add(field.toString());
        return fields;
    }

    private static char separatorOf(String line) {
        boolean quoted = false;
        for (char c : line.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == ',' || c == ';')) {
                return c;
            }
        }
        return ',';
    }
}
