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
import java.util.function.Consumer;

/**
 * Runs ffmpeg/ffprobe processes: stdout goes to a handler on the caller's thread, stderr is drained
 * on another thread (a full stderr pipe would block ffmpeg), and every process is killed if the caller
 * is interrupted, a handler fails, or a watchdog timeout passes, so no ffmpeg outlives its job.
 *
 * <p>Nor does one outlive the JVM: ffmpeg writing to a file notices neither a closed stdin nor a closed
 * stdout, and a JVM killed with SIGKILL runs no shutdown hook. On Linux each process is therefore started
 * through util-linux's {@code setpriv --pdeathsig KILL}, so the kernel kills it as soon as the thread that
 * started it ends, whatever ends it. Where setpriv is missing, a child may run on until its own end.
 */
final class FfmpegProcess {

    /** Reads the process's stdout to its end. May throw to abort the process. */
    @FunctionalInterface
    interface StdoutHandler {
        void consume(InputStream stdout) throws IOException;

        StdoutHandler DISCARD = in -> in.transferTo(java.io.OutputStream.nullOutputStream());
    }

    record Result(int exitCode, StderrLog stderr) {}

    /** The two ends of a {@link #pipe}. */
    record Piped(Result producer, Result consumer) {}

    /** Drains stderr, pumps pipes, runs calibrations: threads that mostly wait on a process. */
    static final ExecutorService WORKERS = Executors.newCachedThreadPool(daemon("ffmpeg-io"));

    private static final ScheduledExecutorService WATCHDOG =
            Executors.newSingleThreadScheduledExecutor(daemon("ffmpeg-watchdog"));

    /** The command prefix that ties a child's life to its parent's, or nothing where none is available. */
    static final List<String> DIES_WITH_PARENT = diesWithParent();

    private FfmpegProcess() {}

    /** The command as started: through setpriv where it ties the child to this process. */
    static List<String> launched(List<String> command) {
        if (DIES_WITH_PARENT.isEmpty()) {
            return command;
        }
        List<String> launched = new ArrayList<>(DIES_WITH_PARENT);
        launched.addAll(command);
        return launched;
    }

    private static List<String> diesWithParent() {
        if (!System.getProperty("os.name", "")
                .toLowerCase(java.util.Locale.ROOT)
                .contains("linux")) {
            return List.of();
        }
        for (String dir : List.of("/usr/bin", "/bin")) {
            java.nio.file.Path setpriv = java.nio.file.Path.of(dir, "setpriv");
            if (!java.nio.file.Files.isExecutable(setpriv)) {
                continue;
            }
            List<String> prefix = List.of(setpriv.toString(), "--pdeathsig", "KILL", "--");
            try {
                List<String> probe = new ArrayList<>(prefix);
                probe.add("true");
                Process process = new ProcessBuilder(probe)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
                if (process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0) {
                    return prefix;
                }
                process.destroyForcibly();
            } catch (IOException e) {
                // an old setpriv without --pdeathsig, or none that runs: go without
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
        }
        return List.of();
    }

    static Result run(List<String> command, StdoutHandler stdout, Duration timeout) throws IOException {
        return pipeline(null, null, command, NO_LINES, stdout, timeout).consumer();
    }

    /**
     * Runs {@code command} with {@code stdin}, if not null, copied into its standard input (ffmpeg reading
     * {@code pipe:0}), and each line of its stderr handed to {@code stderrLines} as it comes. A {@code stdin}
     * that fails (an upload cut off midway) kills the process, and this throws its failure.
     */
    static Result run(
            List<String> command,
            InputStream stdin,
            Consumer<String> stderrLines,
            StdoutHandler stdout,
            Duration timeout)
            throws IOException {
        return pipeline(null, stdin, command, stderrLines, stdout, timeout).consumer();
    }

    private static final Consumer<String> NO_LINES = line -> {};

    /**
     * Runs {@code producer} with its stdout fed into {@code consumer}'s stdin, both at once (on two
     * cores the second costs almost no wall time), and hands the consumer's stdout to {@code stdout}. The
     * producer reads {@code producerStdin} if it is not null (an upload as it arrives), else nothing.
     */
    static Piped pipe(
            List<String> producer,
            InputStream producerStdin,
            List<String> consumer,
            StdoutHandler stdout,
            Duration timeout)
            throws IOException {
        return pipeline(producer, producerStdin, consumer, NO_LINES, stdout, timeout);
    }

    /**
     * Runs {@code command}, fed by {@code producerCommand} if there is one (its result is null otherwise)
     * or else by {@code stdin} if there is one; with both, {@code stdin} feeds the producer.
     */
    private static Piped pipeline(
            List<String> producerCommand,
            InputStream stdin,
            List<String> command,
            Consumer<String> stderrLines,
            StdoutHandler stdout,
            Duration timeout)
            throws IOException {
        List<Process> processes = new java.util.concurrent.CopyOnWriteArrayList<>(); // the watchdog reads it too
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> watchdog = WATCHDOG.schedule(
                () -> {
                    timedOut.set(true);
                    processes.forEach(Process::destroyForcibly);
                },
                timeout.toMillis(),
                TimeUnit.MILLISECONDS);
        boolean finished = false;
        try {
            Process producer = null;
            if (producerCommand != null) {
                producer = new ProcessBuilder(launched(producerCommand)).start();
                processes.add(producer);
                if (stdin == null) {
                    producer.getOutputStream().close();
                }
            }
            Process process = new ProcessBuilder(launched(command)).start();
            processes.add(process);
            CompletableFuture<StderrLog> stderr =
                    CompletableFuture.supplyAsync(() -> StderrLog.read(process.getErrorStream(), stderrLines), WORKERS);
            CompletableFuture<StderrLog> producerStderr = null;
            CompletableFuture<Void> pump = null;
            CompletableFuture<IOException> fed = null;
            if (stdin != null) {
                Process fedOne = producer == null ? process : producer;
                fed = CompletableFuture.supplyAsync(() -> feed(stdin, fedOne), WORKERS);
            }
            if (producer != null) {
                Process from = producer;
                producerStderr = CompletableFuture.supplyAsync(() -> StderrLog.read(from.getErrorStream()), WORKERS);
                pump = CompletableFuture.runAsync(() -> pump(from, process), WORKERS);
            } else if (stdin == null) {
                process.getOutputStream().close(); // ffmpeg must never wait for keyboard input
            }
            try (InputStream out = process.getInputStream()) {
                stdout.consume(out);
            }
            int exit = process.waitFor();
            StderrLog log = stderr.get();
            IOException cutOff = fed == null ? null : fed.get();
            if (cutOff != null) {
                throw cutOff;
            }
            Piped results;
            if (producer == null) {
                results = new Piped(null, new Result(exit, log));
            } else {
                pump.get();
                results = new Piped(new Result(producer.waitFor(), producerStderr.get()), new Result(exit, log));
            }
            if (timedOut.get()) {
                throw new IOException(
                        command.get(0) + " was stopped after " + timeout.toSeconds() + " s: " + log.tail(5));
            }
            finished = true;
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while " + command.get(0) + " was running");
        } catch (ExecutionException e) {
            throw new IOException("could not read the output of " + command.get(0), e.getCause());
        } finally {
            watchdog.cancel(false);
            if (!finished) {
                processes.forEach(FfmpegProcess::kill);
            }
        }
    }

    /** Copies the producer's stdout into the consumer's stdin; a consumer that stops early ends it. */
    private static void pump(Process producer, Process consumer) {
        try (InputStream from = producer.getInputStream();
                java.io.OutputStream to = consumer.getOutputStream()) {
            from.transferTo(to);
        } catch (IOException e) {
            // The consumer exited or was killed (a broken pipe); its own result tells why.
            producer.destroyForcibly();
        }
    }

    /**
     * Copies {@code from} into the process's stdin, then closes both. A source that fails kills the process
     * and is returned; a process that stops reading (it has all it wants, or died) just ends the copy.
     */
    private static IOException feed(InputStream from, Process process) {
        byte[] buffer = new byte[64 * 1024];
        try (from;
                java.io.OutputStream to = process.getOutputStream()) {
            while (true) {
                int n;
                try {
                    n = from.read(buffer);
                } catch (IOException failed) {
                    process.destroyForcibly();
                    return failed;
                }
                if (n < 0) {
                    return null;
                }
                try {
                    to.write(buffer, 0, n);
                } catch (IOException stoppedReading) {
                    return null;
                }
            }
        } catch (IOException closing) {
            return null; // a broken pipe on close: the process had stopped reading
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
     * only the head (stream descriptions) and the tail (summaries, JSON) are kept.
     */
    static final class StderrLog {
        private static final int HEAD = 200;
        private static final int TAIL = 500;

        private final List<String> head = new ArrayList<>();
        private final Deque<String> tail = new ArrayDeque<>();

        static StderrLog read(InputStream in) {
            return read(in, NO_LINES);
        }

        /** Reads to the end, handing each line to {@code lines} too as it comes (a failing handler is ignored). */
        static StderrLog read(InputStream in, Consumer<String> lines) {
            StderrLog log = new StderrLog();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    log.add(line);
                    try {
                        lines.accept(line);
                    } catch (RuntimeException ignored) {
                        // a watcher's fault must not stop the draining, which ffmpeg needs
                    }
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
            if (head.size() < HEAD) {
                head.add(line);
                return;
            }
            tail.addLast(line);
            if (tail.size() > TAIL) {
                tail.removeFirst();
            }
        }

        List<String> lines() {
            List<String> all = new ArrayList<>(head);
            all.addAll(tail);
            return all;
        }

        boolean contains(String text) {
            return lines().stream().anyMatch(line -> line.contains(text));
        }

        /** The last few lines, for error messages and logs. */
        String tail(int count) {
            List<String> all = lines();
            return String.join(" | ", all.subList(Math.max(0, all.size() - count), all.size()))
                    .strip();
        }
    }
}
