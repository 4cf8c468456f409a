package org.openloa.media;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Tests that need a Debian tool call this first. On a developer's machine without the tool the test
 * is skipped with a loud notice; where the build sets openloa.require-tools=true (CI), it fails, so
 * a missing tool can never pass for a green build.
 */
public final class RequiredTools {

    private RequiredTools() {}

    /** The tool's path on PATH, or a skip/failure naming the package to install. */
    public static Path require(String tool, String debianPackage) {
        Optional<Path> found = find(tool);
        if (found.isPresent()) {
            return found.get();
        }
        String message = tool + " is not installed: apt-get install -y " + debianPackage;
        if (Boolean.getBoolean("openloa.require-tools")) {
            fail(message + " (openloa.require-tools=true turns this skip into a failure)");
        }
        System.err.println("\n************************************************************\n"
                + "*** SKIPPED: " + message + "\n"
                + "************************************************************\n");
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }

    public static Optional<Path> find(String tool) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = dir.isEmpty() ? null : Path.of(dir, tool);
            if (candidate != null && Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
