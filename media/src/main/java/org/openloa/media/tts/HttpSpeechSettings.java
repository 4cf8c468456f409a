package org.openloa.media.tts;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * How to ask an HTTP text-to-speech provider for audio. The endpoint, the header values and the body
 * template may contain the placeholders {@code {text}}, {@code {voice}}, {@code {rate}} (words a
 * minute) and {@code {speed}} (relative, 1.00 = normal); each is encoded for where it stands: URL-encoded
 * in the endpoint, as the body encoding says in the body, verbatim in headers. The answer's body must
 * be the audio itself (any format ffmpeg reads).
 *
 * <p>For example, a JSON API: {@code post("https://tts.example/v1/speak",
 * "{\"input\":\"{text}\",\"voice\":\"{voice}\",\"speed\":{speed}}", BodyEncoding.JSON)
 * .withHeader("Authorization", "Bearer ...")}.
 *
 * @param endpoint     where to send the request: an http(s) URL, which may hold placeholders (a query
 *                     such as {@code ?q={text}}), hence a string rather than a URI
 * @param method       GET or POST (PUT works too)
 * @param headers      extra request headers (an API key, Accept: audio/mpeg, ...)
 * @param bodyTemplate the request body with placeholders; empty for GET
 * @param bodyEncoding how placeholders are escaped in the body, and the Content-Type it gets unless a
 *                     header sets one
 * @param voices       the voice names the provider accepts, offered to editors
 * @param timeout      for connecting and for the whole answer
 * @param healthCheck  a URL whose 2xx answer means the provider is up; when absent, any HTTP answer
 *                     from the endpoint's host counts
 */
public record HttpSpeechSettings(
        String endpoint,
        String method,
        Map<String, String> headers,
        String bodyTemplate,
        BodyEncoding bodyEncoding,
        List<String> voices,
        Duration timeout,
        URI healthCheck) {

    public enum BodyEncoding {
        /** Placeholders escaped as the inside of a JSON string; Content-Type application/json. */
        JSON("application/json; charset=utf-8"),
        /** Placeholders URL-encoded; Content-Type application/x-www-form-urlencoded. */
        FORM("application/x-www-form-urlencoded; charset=utf-8"),
        /** Placeholders as they are; Content-Type text/plain. */
        RAW("text/plain; charset=utf-8");

        final String contentType;

        BodyEncoding(String contentType) {
            this.contentType = contentType;
        }
    }

    public HttpSpeechSettings {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(bodyEncoding, "bodyEncoding");
        method = method == null ? "POST" : method.toUpperCase(java.util.Locale.ROOT);
        headers = Map.copyOf(headers == null ? Map.of() : headers);
        bodyTemplate = bodyTemplate == null ? "" : bodyTemplate;
        voices = List.copyOf(voices == null ? List.of() : voices);
        timeout = timeout == null ? Duration.ofSeconds(60) : timeout;
        if (!List.of("GET", "POST", "PUT").contains(method)) {
            throw new IllegalArgumentException("method must be GET, POST or PUT, not " + method);
        }
        if (voices.isEmpty()) {
            throw new IllegalArgumentException("name at least one voice the provider accepts");
        }
        URI sample = HttpSpeech.endpointFor(endpoint, new SpeechRequest("x", voices.get(0), SpeechRequest.NORMAL_RATE));
        if (!"http".equals(sample.getScheme()) && !"https".equals(sample.getScheme())) {
            throw new IllegalArgumentException("the endpoint must be an http or https URL: " + endpoint);
        }
    }

    /** A POST of {@code bodyTemplate}, one voice "vi", a 60 s timeout; refine with the with-methods. */
    public static HttpSpeechSettings post(String endpoint, String bodyTemplate, BodyEncoding bodyEncoding) {
        return new HttpSpeechSettings(
                endpoint, "POST", Map.of(), bodyTemplate, bodyEncoding, List.of("vi"), null, null);
    }

    /** The same, for an endpoint without placeholders (a URI cannot hold the braces of {@code {text}}). */
    public static HttpSpeechSettings post(URI endpoint, String bodyTemplate, BodyEncoding bodyEncoding) {
        return post(endpoint.toString(), bodyTemplate, bodyEncoding);
    }

    public HttpSpeechSettings withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new HttpSpeechSettings(endpoint, method, more, bodyTemplate, bodyEncoding, voices, timeout, healthCheck);
    }

    public HttpSpeechSettings withMethod(String value) {
        return new HttpSpeechSettings(
                endpoint, value, headers, bodyTemplate, bodyEncoding, voices, timeout, healthCheck);
    }

    public HttpSpeechSettings withVoices(List<String> value) {
        return new HttpSpeechSettings(
                endpoint, method, headers, bodyTemplate, bodyEncoding, value, timeout, healthCheck);
    }

    public HttpSpeechSettings withTimeout(Duration value) {
        return new HttpSpeechSettings(
                endpoint, method, headers, bodyTemplate, bodyEncoding, voices, value, healthCheck);
    }

    public HttpSpeechSettings withHealthCheck(URI value) {
        return new HttpSpeechSettings(endpoint, method, headers, bodyTemplate, bodyEncoding, voices, timeout, value);
    }

    /** Header values stay out of logs: they usually hold the API key. */
    @Override
    public String toString() {
        return "HttpSpeechSettings[" + method + " " + endpoint + ", headers="
                + headers.keySet().stream().map(name -> name + ": ***").collect(Collectors.joining(", ", "{", "}"))
                + ", encoding=" + bodyEncoding
                + ", voices=" + voices + ", timeout=" + timeout + ", healthCheck=" + healthCheck + "]";
    }
}
