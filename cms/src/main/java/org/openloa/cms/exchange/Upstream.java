package org.openloa.cms.exchange;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The upstream's API as this instance calls it: with the configured token as a bearer token (never logged), JSON
 * both ways, and a failure (no answer, or any status but 2xx) as an {@link IOException} naming only the status,
 * so the caller tries again later.
 */
@Component
class Upstream {

    private final UpstreamSettings settings;
    private final JsonMapper json;
    private final HttpClient http;

    Upstream(UpstreamSettings settings, JsonMapper json) {
        this.settings = settings;
        this.json = json;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    boolean configured() {
        return settings.configured();
    }

    /** A page of dispatches after the cursor. */
    Dispatch.Page dispatches(String after, int limit) throws IOException, InterruptedException {
        String path = "/api/v1/exchange/dispatches?limit=" + limit
                + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
        HttpResponse<byte[]> answer = http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        check(answer.statusCode(), path);
        return json.readValue(answer.body(), Dispatch.Page.class);
    }

    /** Downloads a bulletin's audio to {@code file}. */
    void download(String audioPath, Path file) throws IOException, InterruptedException {
        HttpResponse<Path> answer = http.send(
                request(audioPath).timeout(Duration.ofMinutes(5)).GET().build(),
                HttpResponse.BodyHandlers.ofFile(file));
        check(answer.statusCode(), audioPath);
    }

    /** PUTs a JSON body; answers the status (2xx only: anything else is thrown). */
    int put(String path, String body) throws IOException, InterruptedException {
        HttpResponse<Void> answer = http.send(
                request(path)
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        check(answer.statusCode(), path);
        return answer.statusCode();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(settings.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + settings.token())
                .header("Accept", "application/json")
                .header("User-Agent", "OpenLoa-Exchange/1");
    }

    private static void check(int status, String path) throws IOException {
        if (status / 100 != 2) {
            throw new IOException("the upstream answered HTTP " + status + " to " + path.replaceAll("\\?.*", ""));
        }
    }
}
