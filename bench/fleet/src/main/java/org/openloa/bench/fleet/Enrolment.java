package org.openloa.bench.fleet;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.openloa.protocol.EnrollRequest;
import org.openloa.protocol.EnrollResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Gives each simulated box a device and a credential, the way an installer does: an enrolment code per box,
 * then POST /edge/v1/enroll. The codes come from a file (another vendor's server, or codes made beforehand) or
 * from OpenLoa's public API with an administrator's API token (POST /api/v1/devices answers the device with its
 * one-time code). Credentials are kept in a file ({@code deviceId credential} per line, mode 0600 where the
 * file system allows) so that the next run reuses the same devices instead of creating new ones.
 */
final class Enrolment {

    record Device(String deviceId, String credential) {}

    private final URI server;
    private final ObjectMapper json;
    private final EdgeClient edge;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    Enrolment(URI server, ObjectMapper json, EdgeClient edge) {
        this.server = server;
        this.json = json;
        this.edge = edge;
    }

    static List<Device> read(Path file) throws IOException {
        List<Device> devices = new ArrayList<>();
        if (file == null || !Files.exists(file)) {
            return devices;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 2) {
                devices.add(new Device(parts[0], parts[1]));
            }
        }
        return devices;
    }

    static synchronized void append(Path file, Device device) throws IOException {
        if (file == null) {
            return;
        }
        if (!Files.exists(file)) {
            Files.createFile(file);
            try {
                Files.setPosixFilePermissions(
                        file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system
            }
        }
        Files.writeString(
                file,
                device.deviceId() + " " + device.credential() + "\n",
                StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
    }

    /**
     * Enrols boxes {@code from} to {@code to - 1}: with {@code codes} when given, else by creating devices in
     * {@code areaIds} (round robin) with the API token.
     */
    List<Device> enrol(
            int from,
            int to,
            List<String> codes,
            String token,
            List<String> areaIds,
            String runTag,
            Path keep,
            int parallel)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<Device>> futures = new ArrayList<>();
            for (int i = from; i < to; i++) {
                int box = i;
                futures.add(pool.submit(() -> {
                    String code = codes != null
                            ? codes.get(box)
                            : createDevice(token, areaIds.get(box % areaIds.size()), runTag + "-" + box);
                    Device device = enrolWith(code, "fleet-" + runTag + "-" + box);
                    append(keep, device);
                    return device;
                }));
            }
            List<Device> devices = new ArrayList<>();
            for (Future<Device> f : futures) {
                devices.add(f.get());
            }
            return devices;
        } finally {
            pool.shutdownNow();
        }
    }

    private String createDevice(String token, String areaId, String name) throws IOException, InterruptedException {
        byte[] body = json.writeValueAsBytes(Map.of("name", "Fleet " + name, "areaId", areaId, "tags", List.of()));
        HttpResponse<byte[]> response = http.send(
                HttpRequest.newBuilder(server.resolve("/api/v1/devices"))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(60))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("POST /api/v1/devices: HTTP " + response.statusCode() + " "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
        JsonNode device = json.readTree(response.body());
        return device.get("enrollmentCode").asString();
    }

    private Device enrolWith(String code, String hardwareId) throws IOException, InterruptedException {
        EdgeClient.Answer response = edge.enrol(new EnrollRequest(code, hardwareId, Box.AGENT_VERSION));
        if (response.status() != 200) {
            throw new IOException("POST /edge/v1/enroll: HTTP " + response.status() + " "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
        EnrollResponse enrolled = json.readValue(response.body(), EnrollResponse.class);
        return new Device(enrolled.deviceId(), enrolled.credential());
    }
}
