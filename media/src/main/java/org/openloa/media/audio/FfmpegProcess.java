package org.openloa.media.audio;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * Runs one ffmpeg/ffprobe process: stdout goes to a handler on the caller's thread, stderr is drained
 * on another thread (a full stderr pipe would block ffmpeg), and the process is killed if the caller
 * is interrupted, the handler fails, or a watchdog timeout passes, so no ffmpeg outlives its job.
 */
final class FfmpegProcess {

    /** Reads the process's stdout to its end. May throw to abort the process. */
    @FunctionalInterface
    interface StdoutHandler {
        void consume(InputStream stdout) throws IOException;

        StdoutHandler DISCARD = in -> in.transferTo(java.io.OutputStream.nullOutputStream());
    }

    record Result(int exitCode, StderrLog stderr) {
    }

    private static final ExecutorService STDERR_READERS = Executors.newCachedThreadPool(daemon("ffmpeg-stderr"));
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(daemon("ffmpeg-watchdog"));

    private FfmpegProcess() {
    }

    static Result run(List<String> command, StdoutHandler stdout, Duration timeout) throws IOException {
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close(); // ffmpeg must never wait for keyboard input
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> {
            timedOut.set(true);
            process.destroyForcibly();
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        CompletableFuture<StderrLog> stderr = CompletableFuture.supplyAsync(() -> StderrLog.read(process.getErrorStream()), STDERR_READERS);
        boolean finished = false;
        try {
            try (InputStream out = process.getInputStream()) {
                stdout.consume(out);
            }
            int exit = process.waitFor();
            StderrLog log = stderr.get();
            if (timedOut.get()) {
                throw new IOException(command.get(0) + " was stopped after " + timeout.toSeconds() + " s: " + log.tail(5));
            }
            finished = true;
            return new Result(exit, log);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while " + command.get(0) + " was running");
        } catch (ExecutionException e) {
            throw new IOException("could not read the output of " + command.get(0), e.getCause());
        } finally {
            watchdog.cancel(false);
            if (!finished) {
                kill(process);
            }
        }
    }

    /** Kills and reaps the process, even on an interrupted thread, so a cancelled job leaves nothing running. */
    private static void kill(Process process) {
        process.destroyForcibly();
        boolean interrupted = Thread.interrupted();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Handlers call this between reads so a cancelled job stops its ffmpeg promptly. */
    static void checkInterrupted() throws InterruptedIOException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("media processing was cancelled");
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * What ffmpeg said on stderr. Decoding a broken hour-long file can print a line per frame, so
     * only the head (stream descriptions) and the tail (summaries, JSON) are kept, and problem lines
     * are counted as they pass.
     */
    static final class StderrLog {
        private static final int HEAD = 200;
        private static final int TAIL = 500;
        private static final Pattern PROBLEM = Pattern.compile(
                "(?i)error while decoding|invalid data found|corrupt|partial file|header missing|invalid frame");

        private final List<String> head = new ArrayList<>();
        private final Deque<String> tail = new ArrayDeque<>();
        private int problems;

        static StderrLog read(InputStream in) {
            StderrLog log = new StderrLog();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    log.add(line);
                }
            } catch (IOException e) {
                // The process was killed mid-line; what was read so far is all there is.
            }
            return log;
        }

        static StderrLog of(String text) {
            StderrLog log = new StderrLog();
            text.lines().forEach(log::add);
            return log;
        }

        private void add(String line) {
            if (PROBLEM.matcher(line).find()) {
                problems++;
            }
            if (head.size() < HEAD) {
                head.add(line);
                return;
            }
            tail.addLast(line);
            if (tail.size() > TAIL) {
                tail.removeFirst();
            }
        }

        List<String> head() {
            return head;
        }

        List<String> lines() {
            List<String> all = new ArrayList<>(head);
            all.addAll(tail);
            return all;
        }

        int problemLines() {
            return problems;
        }

        boolean contains(String text) {
            return lines().stream().anyMatch(line -> line.contains(text));
        }

        /** The last few lines, for error messages and logs. */
        String tail(int count) {
            List<String> all = lines();
            return String.join(" | ", all.subList(Math.max(0, all.size() - count), all.size())).strip();
        }
    }
}
