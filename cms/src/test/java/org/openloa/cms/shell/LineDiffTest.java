package org.openloa.cms.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LineDiffTest {

    private static final String DOCUMENT =
            IntStream.rangeClosed(1, 40).mapToObj(i -> "line " + i).collect(Collectors.joining("\n"));

    @Test
    void aChangedLineIsShownAsRemovedAndAddedWithThreeLinesAround() {
        String diff = LineDiff.of(DOCUMENT, DOCUMENT.replace("line 20\n", "line twenty\n"));
        assertThat(diff)
                .isEqualTo("@@ from line 17 @@\n" + " line 17\n line 18\n line 19\n"
                        + "-line 20\n+line twenty\n"
                        + " line 21\n line 22\n line 23\n");
    }

    @Test
    void distantChangesAreShownApartWithoutTheLinesBetween() {
        String diff = LineDiff.of(DOCUMENT, DOCUMENT.replace("line 5\n", "").replace("line 35\n", "line 35\nnew\n"));
        assertThat(diff).contains("-line 5\n", "+new\n", "  ...\n").doesNotContain("line 20\n");
    }
}
