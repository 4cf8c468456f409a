package org.openloa.cms.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.openloa.testing.Await;

/**
 * Debian's nginx as the cluster's load balancer, as docs/deployment.md configures it: round robin over the cms
 * nodes with no stickiness (the edge protocol and the API keep no state in a node), a failed connection passed to
 * the next node, and long polls held longer than the longest {@code Prefer: wait}. Run as this user, in the
 * foreground, everything (configuration, logs, temporary files) under one folder. The access log names the node
 * that answered each request ({@code $upstream_addr}), so a test can show that both served.
 */
final class Nginx implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final Process process;

    private Nginx(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    static Nginx roundRobin(Path executable, Path dir, List<Integer> nodePorts)
            throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve("temp"));
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Files.writeString(dir.resolve("nginx.conf"), configuration(dir, port, nodePorts));
        Process process = new ProcessBuilder(
                        executable.toString(),
                        "-p",
                        dir.toString(),
                        "-c",
                        dir.resolve("nginx.conf").toString(),
                        "-e",
                        dir.resolve("error.log").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("nginx.out").toFile()))
                .start();
        Await.until("nginx listening", Duration.ofSeconds(20), () -> {
            assertThat(process.isAlive())
                    .as("nginx died; see " + dir.resolve("error.log"))
                    .isTrue();
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return true;
            } catch (IOException notYet) {
                return false;
            }
        });
        return new Nginx(dir, port, process);
    }

    /** The configuration docs/deployment.md gives, with this test's ports and folders. */
    static String configuration(Path dir, int port, List<Integer> nodePorts) {
        String servers = nodePorts.stream()
                .map(p -> "        server 127.0.0.1:" + p + " max_fails=1 fail_timeout=5s;")
                .collect(Collectors.joining("\n"));
        String temp = dir.resolve("temp").toString();
        return """
                worker_processes 1;
                daemon off;
                pid %1$s/nginx.pid;
                events { worker_connections 512; }
                http {
                    log_format upstream '$msec $request_method $uri $status $upstream_addr $upstream_status';
                    access_log %1$s/access.log upstream;
                    client_body_temp_path %2$s/body;
                    proxy_temp_path %2$s/proxy;
                    fastcgi_temp_path %2$s/fastcgi;
                    uwsgi_temp_path %2$s/uwsgi;
                    scgi_temp_path %2$s/scgi;
                    client_max_body_size 200m;
                    upstream cms {
                %3$s
                        keepalive 32;
                    }
                    server {
                        listen 127.0.0.1:%4$d;
                        location / {
                            proxy_pass http://cms;
                            proxy_http_version 1.1;
                            proxy_set_header Connection "";
                            proxy_set_header Host $http_host;
                            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                            proxy_set_header X-Forwarded-Proto $scheme;
                            proxy_connect_timeout 2s;
                            proxy_read_timeout 120s;
                            proxy_next_upstream error timeout http_502 http_503;
                            proxy_next_upstream_tries 2;
                            proxy_buffering off;
                        }
                    }
                }
                """.formatted(dir, temp, servers, port);
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The access log's lines: time, method, path, status, the node(s) tried, their statuses. */
    List<String> accessLog() throws IOException {
        Path log = dir.resolve("access.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
