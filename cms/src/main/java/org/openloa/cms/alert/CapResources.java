package org.openloa.cms.alert;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.openloa.cms.problem.ProblemException;
import org.springframework.stereotype.Component;

/**
 * Takes the audio a CAP alert carries: the first {@code <resource>} with an audio {@code mimeType} (the
 * Vietnamese {@code <info>}'s first), from its {@code derefUri} (base64, inline) or else its {@code uri}
 * (fetched over http or https within a size cap and a timeout). When the resource gives a {@code digest},
 * the file must match it: CAP 1.2 computes it with SHA-1, in hex. A file that cannot be had or does not match
 * refuses the alert (422), and nothing airs.
 */
@Component
class CapResources {

    /** The largest audio taken from a resource (a ten-minute warning in MP3 is a few megabytes). */
    static final long MAX_BYTES = 50L * 1024 * 1024;

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** Redirects are followed by hand, so that every hop's address is checked, not only the first. */
    private static final int MAX_REDIRECTS = 3;

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private final boolean privateHosts;

    @org.springframework.beans.factory.annotation.Autowired
    CapResources(CapProperties properties) {
        this(properties.privateResourceHosts());
    }

    CapResources(boolean privateHosts) {
        this.privateHosts = privateHosts;
    }

    /** The recording, in a new temporary file, or empty when the alert carries no audio. */
    Optional<AlertOrder.Content.Recording> recording(CapDocument alert) {
        Optional<CapDocument.Resource> audio = audio(alert);
        if (audio.isEmpty()) {
            return Optional.empty();
        }
        CapDocument.Resource resource = audio.get();
        String field = "/alert/info/resource";
        Path file = null;
        try {
            file = Files.createTempFile("openloa-cap-", extension(resource.mimeType()));
            String sha1;
            if (resource.derefUri() != null) {
                sha1 = write(decoded(resource.derefUri(), field), file, field);
            } else if (resource.uri() != null) {
                sha1 = fetch(resource.uri(), file, field);
            } else {
                throw ProblemException.rule("cap-resource-empty", field, "alert.cap.resource-empty");
            }
            if (resource.digest() != null && !resource.digest().strip().equalsIgnoreCase(sha1)) {
                throw ProblemException.rule("cap-resource-digest", field + "/digest", "alert.cap.resource-digest");
            }
            return Optional.of(new AlertOrder.Content.Recording(file, filename(resource, file)));
        } catch (IOException e) {
            deleteQuietly(file);
            throw ProblemException.rule("cap-resource-unavailable", field + "/uri", "alert.cap.resource-unavailable");
        } catch (RuntimeException e) {
            deleteQuietly(file);
            throw e;
        }
    }

    static Optional<CapDocument.Resource> audio(CapDocument alert) {
        Optional<CapDocument.Info> vietnamese = AlertOrders.vietnamese(alert);
        List<CapDocument.Info> order = new java.util.ArrayList<>();
        vietnamese.ifPresent(order::add);
        alert.infos().stream()
                .filter(i -> vietnamese.isEmpty() || i != vietnamese.get())
                .forEach(order::add);
        for (CapDocument.Info info : order) {
            for (CapDocument.Resource resource : info.resources()) {
                if (resource.audio() && (resource.derefUri() != null || resource.uri() != null)) {
                    return Optional.of(resource);
                }
            }
        }
        return Optional.empty();
    }

    private static InputStream decoded(String base64, String field) {
        try {
            return new java.io.ByteArrayInputStream(Base64.getMimeDecoder().decode(base64.strip()));
        } catch (IllegalArgumentException e) {
            throw ProblemException.rule(
                    "cap-resource-not-base64", field + "/derefUri", "alert.cap.resource-not-base64");
        }
    }

    private String fetch(String uri, Path file, String field) throws IOException {
        URI target;
        try {
            target = URI.create(uri.strip());
        } catch (IllegalArgumentException e) {
            throw unavailable(field);
        }
        try {
            for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
                checkReachable(target, field);
                HttpRequest request =
                        HttpRequest.newBuilder(target).timeout(TIMEOUT).GET().build();
                HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream body = response.body()) {
                    int status = response.statusCode();
                    if (status == 200) {
                        return write(body, file, field);
                    }
                    var location = response.headers().firstValue("Location");
                    if (status / 100 != 3 || location.isEmpty()) {
                        throw unavailable(field);
                    }
                    target = target.resolve(location.get());
                }
            }
            throw unavailable(field);
        } catch (IllegalArgumentException e) {
            throw unavailable(field);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /**
     * An http(s) URL whose host resolves to public addresses only, unless private hosts are allowed. The host is
     * resolved again when the client connects; a name that changes its answer in between (DNS rebinding) is a
     * residual risk the setting's documentation names.
     */
    private void checkReachable(URI target, String field) throws IOException {
        String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || target.getHost() == null) {
            throw unavailable(field);
        }
        if (privateHosts) {
            return;
        }
        for (java.net.InetAddress address : java.net.InetAddress.getAllByName(target.getHost())) {
            if (internal(address)) {
                throw ProblemException.rule(
                        "cap-resource-private-host", field + "/uri", "alert.cap.resource-private-host");
            }
        }
    }

    static boolean internal(java.net.InetAddress address) {
        if (address.isLoopbackAddress()
                || address.isAnyLocalAddress()
                || address.isLinkLocalAddress()
                || address.isSiteLocalAddress()
                || address.isMulticastAddress()) {
            return true;
        }
        byte[] raw = address.getAddress();
        // IPv6 unique local (fc00::/7) and IPv4 shared address space (100.64.0.0/10) are private too.
        return raw.length == 16 && (raw[0] & 0xfe) == 0xfc
                || raw.length == 4 && (raw[0] & 0xff) == 100 && (raw[1] & 0xc0) == 64;
    }

    private static ProblemException unavailable(String field) {
        return ProblemException.rule("cap-resource-unavailable", field + "/uri", "alert.cap.resource-unavailable");
    }

    /** Copies within the cap, and answers the SHA-1 of what was written, in hex. */
    private static String write(InputStream in, Path file, String field) throws IOException {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long total = 0;
        try (InputStream source = in;
                OutputStream out = new DigestOutputStream(Files.newOutputStream(file), sha1)) {
            byte[] buffer = new byte[64 * 1024];
            int read;
            while ((read = source.read(buffer)) >= 0) {
                total += read;
                if (total > MAX_BYTES) {
                    throw ProblemException.rule(
                            "cap-resource-too-large", field, "alert.cap.resource-too-large", MAX_BYTES / (1024 * 1024));
                }
                out.write(buffer, 0, read);
            }
        }
        if (total == 0) {
            throw ProblemException.rule("cap-resource-empty", field, "alert.cap.resource-empty");
        }
        return HexFormat.of().formatHex(sha1.digest());
    }

    private static String filename(CapDocument.Resource resource, Path file) {
        if (resource.uri() != null) {
            try {
                String path = URI.create(resource.uri().strip()).getPath();
                if (path != null && !path.isEmpty() && path.lastIndexOf('/') < path.length() - 1) {
                    return path.substring(path.lastIndexOf('/') + 1);
                }
            } catch (IllegalArgumentException notAUri) {
                // the inline copy was used; the name comes from the file
            }
        }
        return file.getFileName().toString();
    }

    private static String extension(String mimeType) {
        String type = mimeType == null ? "" : mimeType.strip().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "audio/mpeg", "audio/mp3" -> ".mp3";
            case "audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave" -> ".wav";
            case "audio/ogg" -> ".ogg";
            case "audio/aac" -> ".aac";
            case "audio/mp4", "audio/m4a", "audio/x-m4a" -> ".m4a";
            case "audio/flac" -> ".flac";
            default -> ".audio";
        };
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temporary file: the system's cleaning takes it later
            }
        }
    }
}
