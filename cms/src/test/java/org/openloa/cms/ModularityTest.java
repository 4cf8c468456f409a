package org.openloa.cms;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/** Each concept package reaches others only through their public face, and none depend in a cycle. */
class ModularityTest {

    static final ApplicationModules MODULES = ApplicationModules.of(OpenLoaApplication.class);

    /** docs/modules/ of the repository (tests run in cms/); the Documenter empties it before writing. */
    static final Path DIAGRAMS = Path.of("..", "docs", "modules");

    @Test
    void conceptsDependOnEachOtherOnlyThroughTheirPublicFaceAndWithoutCycles() {
        MODULES.verify();
    }

    /** The diagram docs/architecture.md links to is drawn from the code, so it cannot drift from it. */
    @Test
    void theModuleDiagramInTheDocsIsDrawnFromTheCode() throws IOException {
        new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder(DIAGRAMS.toString()))
                .writeModulesAsPlantUml();
        String diagram = inOrder(Files.readString(DIAGRAMS.resolve("components.puml")));
        Files.writeString(DIAGRAMS.resolve("components.puml"), diagram);

        assertThat(MODULES.stream().map(ApplicationModule::getDisplayName))
                .allSatisfy(module -> assertThat(diagram).contains(module));
    }

    /**
     * The Documenter writes modules and dependencies in hash order, different on every run; sorted, the diagram in
     * git changes only when the modules or their dependencies do (PlantUML does not care about the order).
     */
    static String inOrder(String diagram) {
        List<String> lines = new ArrayList<>(diagram.lines().toList());
        for (int start = 0; start < lines.size(); ) {
            String kind = kind(lines.get(start));
            int end = start + 1;
            while (kind != null && end < lines.size() && kind.equals(kind(lines.get(end)))) {
                end++;
            }
            Collections.sort(lines.subList(start, end));
            start = end;
        }
        return String.join("\n", lines) + "\n";
    }

    /** "Component(" or "Rel(" for the lines to sort among their neighbours, null for the others. */
    private static String kind(String line) {
        String trimmed = line.strip();
        return trimmed.startsWith("Component(") ? "Component(" : trimmed.startsWith("Rel(") ? "Rel(" : null;
    }
}
