package org.openloa.cms.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.SelectOption;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.BrowserTest;
import org.openloa.cms.TestWorld;
import tools.jackson.databind.JsonNode;

/** An ADMIN keeps the relay sources on a phone; a commune operator picks one on the broadcast form. */
class RelaySourcesInTheBrowserTest extends BrowserTest {

    @Test
    void anAdminOnAPhoneAddsASourceAndABadAddressIsRefusedBesideItsField() {
        TestWorld w = world();
        try (BrowserContext phone = phone()) {
            Page page = logIn(phone, "padmin" + w.suffix());
            page.navigate(baseUrl() + "/relay-sources");
            assertThat(page.locator("h1").innerText()).isEqualTo("Nguồn tiếp sóng");

            page.fill("#relay-form input[name=name]", "Đài tỉnh " + w.suffix());
            page.fill("#relay-form input[name=url]", "ftp://radio.example.vn/live");
            page.click("#relay-form button[type=submit]");
            assertThat(page.locator("#url-error").innerText()).contains("http:// hoặc https://");
            assertThat(page.inputValue("#relay-form input[name=name]")).isEqualTo("Đài tỉnh " + w.suffix());

            page.fill("#relay-form input[name=url]", "https://radio.example.vn/live.mp3");
            page.selectOption("#relay-form select[name=areaId]", w.provinceId());
            page.click("#relay-form button[type=submit]");
            page.waitForURL(url -> url.endsWith("/relay-sources?saved"));
            assertThat(page.locator("#relay-sources").innerText())
                    .contains("Đài tỉnh " + w.suffix(), "https://radio.example.vn/live.mp3", "Tỉnh Thử " + w.suffix());
            assertThat((Boolean) page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))
                    .as("the page fits a 390 px phone")
                    .isTrue();
            page.screenshot(new Page.ScreenshotOptions()
                    .setPath(SCREENSHOTS.resolve("relay-sources-phone.png"))
                    .setFullPage(true));
        }
        assertThat(w.provinceAdmin().get("/api/v1/relay-sources").body())
                .contains("https://radio.example.vn/live.mp3")
                .doesNotContain("ftp://");
    }

    @Test
    void anOperatorPicksAPresetOnTheBroadcastFormAndTheBroadcastHasItsUrl() {
        TestWorld w = world();
        Api.Response vov = w.provinceAdmin()
                .post(
                        "/api/v1/relay-sources",
                        Map.of(
                                "areaId",
                                w.provinceId(),
                                "name",
                                "VOV1 " + w.suffix(),
                                "url",
                                "https://vov1.example.vn/" + w.suffix() + "/live"));
        assertThat(vov.status()).as(vov.body()).isEqualTo(201);
        LocalDate day = LocalDate.now(ZoneId.of("Asia/Ho_Chi_Minh")).plusDays(4);
        try (BrowserContext phone = phone()) {
            Page page = logIn(phone, "opa" + w.suffix());
            page.navigate(baseUrl() + "/broadcasts/new?lang=en");
            page.locator("select[data-relay-picker]").waitFor();
            page.selectOption(
                    "select[data-relay-picker]",
                    new SelectOption().setLabel("VOV1 " + w.suffix() + " · Tỉnh Thử " + w.suffix()));
            assertThat(page.inputValue("input[name=streamUrl]"))
                    .isEqualTo("https://vov1.example.vn/" + w.suffix() + "/live");
            page.fill("input[name=title]", "Tiếp sóng VOV1 " + w.suffix());
            page.fill("input[name=slotMinutes]", "30");
            page.check("input[name=scheduleType][value=ONCE]");
            page.fill("input[name=at]", day + "T19:00");
            page.click("#broadcast-form button[type=submit]");
            page.waitForURL(url -> url.contains("/broadcasts/") && url.endsWith("?saved"));
            String id = page.url().replaceAll(".*/broadcasts/([0-9a-f-]{36}).*", "$1");
            Api.Response saved = w.operatorA().get("/api/v1/broadcasts/" + id);
            assertThat(saved.status()).as(saved.body()).isEqualTo(200);
            JsonNode content = saved.json().path("content");
            assertThat(content.path("kind").asString()).isEqualTo("STREAM");
            assertThat(content.path("streamUrl").asString())
                    .isEqualTo("https://vov1.example.vn/" + w.suffix() + "/live");
        }
    }
}
