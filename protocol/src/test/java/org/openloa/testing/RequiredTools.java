package org.openloa.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Tests that need a Debian tool (ffmpeg, espeak-ng, mosquitto, chromium) call this first. Without the tool the
 * test is skipped with a loud notice; where the build sets {@code -Dopenloa.require-tools=true} (CI), it fails
 * instead, so a missing tool never passes for a green build. Every module's tests share this one class through
 * this module's test-jar: the protocol module is the one all the others depend on.
 */
public final class RequiredTools {

    private RequiredTools() {}

    /** The tool's path, or a skip (a failure under openloa.require-tools=true) naming the package to install. */
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

    /** On PATH, or in /usr/sbin (mosquitto lives there, and a non-root PATH may lack it). */
    public static Optional<Path> find(String tool) {
        List<String> dirs =
                new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.add("/usr/sbin");
        for (String dir : dirs) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, tool);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
