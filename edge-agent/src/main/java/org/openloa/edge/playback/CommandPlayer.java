package org.openloa.edge.playback;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Plays by running a command, e.g. {@code ffplay -nodisp -autoexit -loglevel error -volume {volume} {file}}.
 * The template is split on spaces and run without a shell, so a file name can never become a command;
 * {@code {file}} is the cached file (or a stream's URL), {@code {volume}} 0..100, {@code {gain}} 0.00..1.00.
 * Exit status 0 means played. The output of the last play is in {@code player.log}.
 */
final class CommandPlayer implements Player {

    private final List<String> template;
    private final Path log;

    CommandPlayer(String template, Path log) {
        this.template = List.of(template.trim().split("\\s+"));
        this.log = log;
        if (this.template.stream().noneMatch(t -> t.contains("{file}"))) {
            throw new IllegalArgumentException("the player command has no {file}: " + template);
        }
    }

    @Override
    public Playback start(PlayRequest request) throws IOException {
        List<String> command = template.stream()
                .map(t -> t.replace("{file}", request.source())
                        .replace("{volume}", Integer.toString(request.volume()))
                        .replace("{gain}", request.gain()))
                .toList();
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        process.getOutputStream().close();
        return new ProcessPlayback(process, log);
    }

    private record ProcessPlayback(Process process, Path log) implements Playback {

        @Override
        public CompletableFuture<Ending> ended() {
            return process.onExit()
                    .thenApply(p -> p.exitValue() == 0
                            ? Ending.PLAYED
                            : Ending.failed("the player exited with status " + p.exitValue() + lastLine()));
        }

        @Override
        public void stop() {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            try {
                if (!process.waitFor(2, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }

        private String lastLine() {
            try {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                for (int i = lines.size() - 1; i >= 0; i--) {
                    if (!lines.get(i).isBlank()) {
                        String line = lines.get(i).trim();
                        return ": " + (line.length() > 200 ? line.substring(0, 200) : line);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // no output to quote
            }
            return "";
        }
    }
}
