package org.openloa.cms.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The login form as a browser posts it (CSRF token and session cookie included), without a browser. */
final class FormLogin {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

    private FormLogin() {}

    /** Where the server sends the browser after the form: "/" on success, "/login?error" on failure. */
    static String redirectAfter(String baseUrl, String username, String password) {
        HttpClient client = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        try {
            String page = client.send(
                            HttpRequest.newBuilder(URI.create(baseUrl + "/login"))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            Matcher csrf = CSRF.matcher(page);
            if (!csrf.find()) {
                throw new IllegalStateException("no CSRF token on the login page");
            }
            String form = "username=" + encode(username) + "&password=" + encode(password) + "&_csrf="
                    + encode(csrf.group(1));
            HttpResponse<String> answer = client.send(
                    HttpRequest.newBuilder(URI.create(baseUrl + "/login"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(form))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 302) {
                return answer.statusCode() + " " + answer.body();
            }
            URI location = URI.create(answer.headers().firstValue("Location").orElseThrow());
            return location.getRawPath() + (location.getRawQuery() == null ? "" : "?" + location.getRawQuery());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
