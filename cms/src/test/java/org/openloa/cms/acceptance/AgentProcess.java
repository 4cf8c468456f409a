package org.openloa.cms.acceptance;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** A real edge agent in its own JVM, small as on a board, configured by its environment as systemd would. */
final class AgentProcess {

    private AgentProcess() {}

    /** Starts {@code org.openloa.edge.EdgeAgent} with these OPENLOA_* settings, its output appended to {@code log}. */
    static Process start(Map<String, String> environment, Path log) throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder agent = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx64m",
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "-cp",
                        classpath,
                        "org.openloa.edge.EdgeAgent")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        agent.environment().keySet().removeIf(k -> k.startsWith("OPENLOA_"));
        agent.environment().putAll(environment);
        return agent.start();
    }
}
