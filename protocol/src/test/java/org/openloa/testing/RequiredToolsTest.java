package org.openloa.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class RequiredToolsTest {

    static final String PROPERTY = "openloa.require-tools";
    static final String MISSING = "openloa-no-such-tool";

    private String before;

    @BeforeEach
    void remember() {
        before = System.getProperty(PROPERTY);
    }

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(PROPERTY);
        } else {
            System.setProperty(PROPERTY, before);
        }
    }

    @Test
    void aMissingToolSkipsTheTestNamingThePackageToInstall() {
        System.setProperty(PROPERTY, "false");

        assertThatThrownBy(() -> RequiredTools.require(MISSING, "some-package"))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("apt-get install -y some-package");
    }

    @Test
    void aMissingToolFailsTheTestWhenToolsAreRequired() {
        System.setProperty(PROPERTY, "true");

        assertThatThrownBy(() -> RequiredTools.require(MISSING, "some-package"))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("apt-get install -y some-package");
    }

    @Test
    void aToolOnThePathIsFoundThere() {
        assertThat(RequiredTools.require("sh", "dash")).isExecutable().hasFileName("sh");
    }
}
