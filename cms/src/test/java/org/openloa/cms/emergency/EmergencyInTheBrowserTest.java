package org.openloa.cms.emergency;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.BrowserTest;
import org.openloa.cms.TestWorld;
import org.openloa.testing.RequiredTools;

/**
 * The one-click page on a phone: an operator raises an emergency by typing a text, confirms once, watches the
 * board go on air, and stops it with a reason; under the strict CSP, nothing wider than the screen.
 */
@org.junit.jupiter.api.Tag("media")
class EmergencyInTheBrowserTest extends BrowserTest {

    @BeforeAll
    static void tools() {
        RequiredTools.require("espeak-ng", "espeak-ng");
    }

    @Test
    void anOperatorRaisesAnEmergencyByTextWatchesTheBoardAndStopsIt() {
        TestWorld w = world();
        Api.Response device = w.operatorA()
                .post("/api/v1/devices", Map.of("name", "Loa chợ " + w.suffix(), "areaId", w.villageAId()));
        assertThat(device.status()).as(device.body()).isEqualTo(201);

        try (BrowserContext context = phone()) {
            List<String> refused = new ArrayList<>();
            context.onConsoleMessage(message -> {
                // A failed load is caught with its address below (the browser's own favicon request is not ours).
                if ("error".equals(message.type()) && !message.text().startsWith("Failed to load resource")) {
                    refused.add(message.text());
                }
            });
            // Vietnamese by default, whatever the phone's language.
            context.onResponse(response -> {
                if (response.status() >= 400) {
                    refused.add(response.status() + " " + response.url());
                }
            });
            Page page = logIn(context, "opa" + w.suffix());
            page.click("#raise-emergency");
            page.waitForURL(baseUrl() + "/emergencies/new");
            String title = "Lũ quét " + UUID.randomUUID().toString().substring(0, 8);
            page.fill("#title", title);
            page.fill("#text", "Nước lũ đang lên, bà con sơ tán lên vùng cao.");
            // The operator's own commune is picked already.
            assertThat(page.isChecked("input[name=areaIds][value='" + w.communeAId() + "']"))
                    .isTrue();
            assertThat(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))
                    .isEqualTo(true);

            page.click("#emergency-continue");
            assertThat(page.isVisible("#emergency-review")).isTrue();
            assertThat(page.textContent("#review-areas")).contains("Xã An " + w.suffix());
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("emergency-confirm.png")));
            page.click("#emergency-go");
            page.waitForURL(url -> url.matches(".*/emergencies/[0-9a-f-]{36}$"));

            // The board turns live: the audio is made, then it is on air (htmx polls every two seconds).
            page.waitForSelector("#emergency-state.state-on_air", new Page.WaitForSelectorOptions().setTimeout(90_000));
            assertThat(page.textContent("#emergency-counts")).startsWith("0 / 1 ");
            assertThat(page.locator(".board-row").count()).isEqualTo(1);
            assertThat(page.textContent(".board-row .device-name")).contains("Loa chợ " + w.suffix());
            assertThat(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))
                    .isEqualTo(true);
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("emergency-board.png")));

            page.click("#stop-open");
            page.fill("#reason", "Nước đã rút");
            page.click("#stop-confirm");
            page.waitForSelector("#emergency-stopped");
            assertThat(page.textContent("#emergency-state")).isEqualTo("Đã dừng");
            assertThat(page.textContent("#emergency-stopped")).contains("Nước đã rút");

            page.navigate(baseUrl() + "/emergencies");
            assertThat(page.textContent("#emergency-list")).contains(title);
            assertThat(refused).as("console errors (a CSP refusal shows here)").isEmpty();
        }
    }
    /**
     * Recorded on the phone (Chromium's fake microphone): once confirmed, the recording goes as the raw body of
     * the streaming upload with its progress, not as a multipart form, and the emergency is on air after it.
     */
    @Test
    void anOperatorRecordsOnThePhoneAndTheRecordingStreamsIn() {
        TestWorld w = world();
        Api.Response device = w.operatorA()
                .post("/api/v1/devices", Map.of("name", "Loa đình " + w.suffix(), "areaId", w.villageAId()));
        assertThat(device.status()).as(device.body()).isEqualTo(201);

        try (BrowserContext context = phone()) {
            context.grantPermissions(List.of("microphone"));
            List<String> refused = new ArrayList<>();
            List<String> sent = new ArrayList<>();
            context.onResponse(response -> {
                if (response.status() >= 400) {
                    refused.add(response.status() + " " + response.url());
                }
                if ("POST".equals(response.request().method()) && response.url().contains("/emergencies/new")) {
                    sent.add(response.status() + " "
                            + response.request().headerValue("content-type") + " "
                            + response.url().replaceFirst("\\?.*", ""));
                }
            });
            Page page = logIn(context, "opa" + w.suffix());
            page.navigate(baseUrl() + "/emergencies/new");
            page.fill("#title", "Ghi âm sạt lở " + w.suffix());
            page.check("#what-record");
            page.click("#record-start");
            page.waitForTimeout(2200); // two seconds of the fake microphone's tone
            page.click("#record-stop");
            page.locator("#record-preview").waitFor();
            page.click("#emergency-continue");
            assertThat(page.isVisible("#emergency-review")).isTrue();
            page.click("#emergency-go");
            page.waitForURL(url -> url.matches(".*/emergencies/[0-9a-f-]{36}$"));

            assertThat(sent).hasSize(1);
            assertThat(sent.get(0)).startsWith("201 audio/").endsWith("/emergencies/new/stream");
            page.waitForSelector("#emergency-state.state-on_air", new Page.WaitForSelectorOptions().setTimeout(90_000));
            assertThat(page.locator(".board-row").count()).isEqualTo(1);
            assertThat(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))
                    .isEqualTo(true);
            assertThat(refused).isEmpty();
        }
    }
}
