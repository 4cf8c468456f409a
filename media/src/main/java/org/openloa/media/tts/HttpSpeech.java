package org.openloa.media.tts;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A provider's HTTP API, called through java.net.http; the response body is streamed to the file. */
final class HttpSpeech implements TextToSpeech {

    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(5);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(text|voice|rate|speed)}");

    private final HttpSpeechSettings settings;
    private final HttpClient client;

    HttpSpeech(HttpSpeechSettings settings) {
        this.settings = settings;
        this.client = HttpClient.newBuilder()
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    @Override
    public boolean available() {
        URI target = settings.healthCheck() != null
                ? settings.healthCheck()
                : endpointFor(
                        settings.endpoint(),
                        new SpeechRequest("x", settings.voices().get(0), SpeechRequest.NORMAL_RATE));
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(HEALTH_TIMEOUT);
            if (settings.healthCheck() == null) {
                request.method("HEAD", HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<Void> response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
            // Without a health URL any answer will do: a 405 to HEAD still proves the provider is there.
            return settings.healthCheck() == null || response.statusCode() / 100 == 2;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public java.util.List<String> voices() {
        return settings.voices();
    }

    @Override
    public void synthesise(SpeechRequest request, Path audio) throws IOException {
        if (!settings.voices().contains(request.voice())) {
            throw new IllegalArgumentException(
                    "unknown voice " + request.voice() + "; the provider offers " + settings.voices());
        }
        HttpRequest.Builder http = HttpRequest.newBuilder(endpointFor(settings.endpoint(), request))
                .timeout(settings.timeout());
        boolean contentTypeSet = false;
        for (Map.Entry<String, String> header : settings.headers().entrySet()) {
            String value = fill(header.getValue(), request, UnaryOperator.identity());
            if (value.contains("\r") || value.contains("\n")) {
                throw new IllegalArgumentException("a line break cannot go into header " + header.getKey());
            }
            http.header(header.getKey(), value);
            contentTypeSet |= header.getKey().equalsIgnoreCase("Content-Type");
        }
        if (settings.method().equals("GET")) {
            http.GET();
        } else {
            if (!contentTypeSet) {
                http.header("Content-Type", settings.bodyEncoding().contentType);
            }
            String body = fill(settings.bodyTemplate(), request, escaper(settings.bodyEncoding()));
            http.method(settings.method(), HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }

        Path part =
                audio.toAbsolutePath().resolveSibling("." + audio.getFileName() + "." + UUID.randomUUID() + ".part");
        try {
            HttpResponse<InputStream> response = client.send(http.build(), HttpResponse.BodyHandlers.ofInputStream());
            String contentType =
                    response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
            try (InputStream body = response.body()) {
                if (response.statusCode() / 100 != 2) {
                    throw new SpeechException(
                            "the speech provider answered " + response.statusCode() + ": " + snippet(body));
                }
                // An error explained in JSON or HTML with status 200 is still an error, not audio.
                if (contentType.startsWith("text/") || contentType.contains("json") || contentType.contains("xml")) {
                    throw new SpeechException(
                            "the speech provider answered " + contentType + " instead of audio: " + snippet(body));
                }
                Files.copy(body, part);
            }
            if (Files.size(part) == 0) {
                throw new SpeechException("the speech provider answered with an empty body");
            }
            Files.move(part, audio, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for the speech provider");
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /** The endpoint with its placeholders filled in, URL-encoded ("%20" for spaces, which also suits paths). */
    static URI endpointFor(String endpoint, SpeechRequest request) {
        return URI.create(fill(
                endpoint,
                request,
                value -> URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20")));
    }

    /** One pass over the template, so a placeholder inside the spoken text is left as it is. */
    static String fill(String template, SpeechRequest request, UnaryOperator<String> encode) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + request.text().length());
        while (m.find()) {
            String value = switch (m.group(1)) {
                case "text" -> request.text();
                case "voice" -> request.voice();
                case "rate" -> Integer.toString(request.wordsPerMinute());
                default -> String.format(Locale.ROOT, "%.2f", request.speed());
            };
            m.appendReplacement(out, Matcher.quoteReplacement(encode.apply(value)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static UnaryOperator<String> escaper(HttpSpeechSettings.BodyEncoding encoding) {
        return switch (encoding) {
            case JSON -> HttpSpeech::jsonEscape;
            case FORM -> value -> URLEncoder.encode(value, StandardCharsets.UTF_8);
            case RAW -> UnaryOperator.identity();
        };
    }

    static String jsonEscape(String value) {
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    private static String snippet(InputStream body) throws IOException {
        String text = new String(body.readNBytes(300), StandardCharsets.UTF_8);
        return text.strip();
    }
}
