package org.openloa.cms;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Tests that need a Debian tool skip, loudly, on a machine without it; with
 * {@code -Dopenloa.require-tools=true} (as CI runs) they fail instead, so CI never passes by skipping.
 */
public final class RequiredTools {

    private RequiredTools() {}

    public static Path require(String path, String what) {
        Path tool = Path.of(path);
        if (Files.isExecutable(tool)) {
            return tool;
        }
        String message = what + " needs " + path + " (apt-get install -y " + tool.getFileName() + ")";
        if (Boolean.getBoolean("openloa.require-tools")) {
            fail(message + ", and openloa.require-tools=true");
        }
        System.err.println("\n*** SKIPPED: " + message + " ***\n");
        Assumptions.abort(message);
        return tool;
    }
}
