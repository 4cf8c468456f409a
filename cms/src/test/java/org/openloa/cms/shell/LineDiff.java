package org.openloa.cms.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * A line diff for test failures, in unified style with a few lines of context. The common head and tail are
 * cut off first, so the quadratic part only sees what changed.
 */
final class LineDiff {

    private static final int CONTEXT = 3;
    private static final int MAX_MIDDLE = 3000;
    private static final int MAX_OUTPUT_LINES = 400;

    private LineDiff() {}

    static String of(String before, String after) {
        List<String> a = List.of(before.split("\n", -1));
        List<String> b = List.of(after.split("\n", -1));
        int head = 0;
        while (head < a.size() && head < b.size() && a.get(head).equals(b.get(head))) {
            head++;
        }
        int tail = 0;
        while (tail < a.size() - head
                && tail < b.size() - head
                && a.get(a.size() - 1 - tail).equals(b.get(b.size() - 1 - tail))) {
            tail++;
        }
        List<String> oldMiddle = a.subList(head, a.size() - tail);
        List<String> newMiddle = b.subList(head, b.size() - tail);
        List<String> edits = oldMiddle.size() > MAX_MIDDLE || newMiddle.size() > MAX_MIDDLE
                ? replaceAll(oldMiddle, newMiddle)
                : edits(oldMiddle, newMiddle);
        return render(a, head, tail, edits);
    }

    /** Longest common subsequence, then a walk that emits ' ', '-' and '+' lines. */
    private static List<String> edits(List<String> a, List<String> b) {
        int[][] common = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                common[i][j] = a.get(i).equals(b.get(j))
                        ? common[i + 1][j + 1] + 1
                        : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        List<String> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                out.add(" " + a.get(i++));
                j++;
            } else if (i < a.size() && (j == b.size() || common[i + 1][j] >= common[i][j + 1])) {
                out.add("-" + a.get(i++));
            } else {
                out.add("+" + b.get(j++));
            }
        }
        return out;
    }

    private static List<String> replaceAll(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>();
        a.forEach(line -> out.add("-" + line));
        b.forEach(line -> out.add("+" + line));
        return out;
    }

    /** Changed lines with CONTEXT unchanged lines around each run; long unchanged stretches are elided. */
    private static String render(List<String> a, int head, int tail, List<String> middle) {
        List<String> all = new ArrayList<>();
        a.subList(Math.max(0, head - CONTEXT), head).forEach(line -> all.add(" " + line));
        all.addAll(middle);
        a.subList(a.size() - tail, Math.min(a.size(), a.size() - tail + CONTEXT))
                .forEach(line -> all.add(" " + line));
        StringBuilder text = new StringBuilder("@@ from line " + (Math.max(0, head - CONTEXT) + 1) + " @@\n");
        int written = 0;
        int lastShown = -1;
        for (int k = 0; k < all.size() && written < MAX_OUTPUT_LINES; k++) {
            if (all.get(k).startsWith(" ") && !nearChange(all, k)) {
                continue;
            }
            if (lastShown >= 0 && k > lastShown + 1) {
                text.append("  ...\n");
            }
            text.append(all.get(k)).append('\n');
            lastShown = k;
            written++;
        }
        if (written == MAX_OUTPUT_LINES) {
            text.append("  ... (more differences)\n");
        }
        return text.toString();
    }

    private static boolean nearChange(List<String> lines, int index) {
        for (int k = Math.max(0, index - CONTEXT); k <= Math.min(lines.size() - 1, index + CONTEXT); k++) {
            if (!lines.get(k).startsWith(" ")) {
                return true;
            }
        }
        return false;
    }
}
