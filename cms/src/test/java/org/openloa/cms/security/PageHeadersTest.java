package org.openloa.cms.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openloa.cms.ServerTest;
import org.openloa.cms.TestWorld;

/** The headers a logged-in browser gets with the pages, read over real HTTP. */
class PageHeadersTest extends ServerTest {

    @Test
    void thePagesPolicyAllowsNoInlineScriptOrStyle() throws Exception {
        HttpResponse<String> dashboard = loggedIn("admin", ADMIN_PASSWORD).get("/");
        assertThat(dashboard.statusCode()).isEqualTo(200);
        String policy =
                dashboard.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(policy)
                .doesNotContain("unsafe-inline")
                .doesNotContain("unsafe-eval")
                .contains("script-src 'self'", "frame-ancestors 'none'");
    }

    @Test
    void anOrdinaryPageDeniesTheMicrophoneAndKeepsTheReferrerToTheOrigin() throws Exception {
        HttpResponse<String> devices = loggedIn("admin", ADMIN_PASSWORD).get("/devices");
        assertThat(devices.statusCode()).isEqualTo(200);
        assertThat(devices.headers().firstValue("Referrer-Policy")).hasValue("strict-origin-when-cross-origin");
        assertThat(devices.headers().firstValue("Permissions-Policy"))
                .hasValue("microphone=(), camera=(), geolocation=()");
    }

    @Test
    void theBulletinEditorMayRecordFromThisOriginOnly() throws Exception {
        TestWorld w = world();
        String editor = "hdr" + w.suffix();
        TestWorld.user(admin, editor, "EDITOR", w.communeAId());
        String id = admin.as(editor, TestWorld.PASSWORD)
                .post("/api/v1/bulletins", Map.of("title", "Thu âm", "category", "y-te"))
                .text("id");

        HttpResponse<String> page = loggedIn(editor, TestWorld.PASSWORD).get("/bulletins/" + id);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("bulletin-audio.js");
        assertThat(page.headers().firstValue("Permissions-Policy"))
                .hasValue("microphone=(self), camera=(), geolocation=()");
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("strict-origin-when-cross-origin");
    }

    @Test
    void theLoginPageCarriesTheSameHeaders() throws Exception {
        HttpResponse<String> login = new Browser().get("/login");
        assertThat(login.headers().firstValue("Content-Security-Policy").orElseThrow())
                .doesNotContain("unsafe-inline");
        assertThat(login.headers().firstValue("Permissions-Policy"))
                .hasValue("microphone=(), camera=(), geolocation=()");
    }

    private Browser loggedIn(String username, String password) throws Exception {
        Browser browser = new Browser();
        String form = browser.get("/login").body();
        Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(form);
        assertThat(csrf.find()).as("the login form carries a CSRF token").isTrue();
        HttpResponse<String> login =
                browser.post("/login", Map.of("username", username, "password", password, "_csrf", csrf.group(1)));
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location").orElseThrow()).doesNotContain("error");
        return browser;
    }

    /** A client that keeps its session cookie, as a browser does, and follows no redirect. */
    private final class Browser {

        private final HttpClient http = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();

        HttpResponse<String> get(String path) throws IOException, InterruptedException {
            return http.send(
                    HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }

        HttpResponse<String> post(String path, Map<String, String> fields) throws IOException, InterruptedException {
            StringBuilder body = new StringBuilder();
            fields.forEach((name, value) -> body.append(body.isEmpty() ? "" : "&")
                    .append(name)
                    .append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
            return http.send(
                    HttpRequest.newBuilder(URI.create(baseUrl() + path))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }
    }
}
