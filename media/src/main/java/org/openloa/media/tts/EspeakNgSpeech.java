package org.openloa.media.tts;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * espeak-ng, run once per request. The text goes in on stdin (no length limit on the command line,
 * and a text starting with "-" is not taken for an option); espeak-ng writes a 22,050 Hz mono WAV.
 */
final class EspeakNgSpeech implements TextToSpeech {

    private static final long TIMEOUT_SECONDS = 300;

    private final String command;
    private final List<String> voices;

    EspeakNgSpeech(String command, List<String> voices) {
        this.command = command;
        this.voices = List.copyOf(voices);
    }

    @Override
    public boolean available() {
        try {
            Run run = run(List.of(command, "--voices=vi"), "", 10);
            return run.exit() == 0 && voices.stream().anyMatch(run.output()::contains);
        } catch (IOException e) {
            return false; // not installed, or not executable
        }
    }

    @Override
    public List<String> voices() {
        return voices;
    }

    @Override
    public void synthesise(SpeechRequest request, Path audio) throws IOException {
        if (!voices.contains(request.voice())) {
            throw new IllegalArgumentException("unknown voice " + request.voice() + "; espeak-ng offers " + voices);
        }
        Path part =
                audio.toAbsolutePath().resolveSibling("." + audio.getFileName() + "." + UUID.randomUUID() + ".part");
        try {
            // -b 1: the input is UTF-8, whatever the locale of the server.
            Run run = run(
                    List.of(
                            command,
                            "-v",
                            request.voice(),
                            "-s",
                            Integer.toString(request.wordsPerMinute()),
                            "-b",
                            "1",
                            "-w",
                            part.toString(),
                            "--stdin"),
                    request.text(),
                    TIMEOUT_SECONDS);
            if (run.exit() != 0 || !Files.exists(part) || Files.size(part) <= 44) { // 44 bytes: a WAV header alone
                throw new SpeechException("espeak-ng produced no speech (exit " + run.exit() + "): "
                        + run.output().strip());
            }
            Files.move(part, audio, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    private record Run(int exit, String output) {}

    private static Run run(List<String> commandLine, String stdin, long timeoutSeconds) throws IOException {
        // Output goes to a file, not a pipe: nothing has to read it while we wait with a timeout.
        Path log = Files.createTempFile("openloa-espeak-", ".log");
        Process process = null;
        try {
            process = new ProcessBuilder(new ArrayList<>(commandLine))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            try (OutputStream in = process.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                throw new IOException("espeak-ng did not finish within " + timeoutSeconds + " s");
            }
            return new Run(process.exitValue(), new String(Files.readAllBytes(log), StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while espeak-ng was speaking");
        } finally {
            if (process != null) {
                process.destroyForcibly();
            }
            Files.deleteIfExists(log);
        }
    }
}
