package org.openloa.cms;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/** Each concept package reaches others only through their public face, and none depend in a cycle. */
class ModularityTest {

    @Test
    void conceptsDependOnEachOtherOnlyThroughTheirPublicFaceAndWithoutCycles() {
        ApplicationModules.of(OpenLoaApplication.class).verify();
    }
}
