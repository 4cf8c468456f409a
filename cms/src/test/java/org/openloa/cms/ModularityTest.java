package org.openloa.cms;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

        String diagram = Files.readString(DIAGRAMS.resolve("components.puml"));
        assertThat(MODULES.stream().map(ApplicationModule::getDisplayName))
                .allSatisfy(module -> assertThat(diagram).contains(module));
    }
}
