package org.openloa.cms.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.BrowserTest;
import org.openloa.cms.EnrolledDevice;
import org.openloa.cms.TestWorld;
import org.openloa.testing.RequiredTools;
import tools.jackson.databind.JsonNode;

/**
 * The *Phát trực tiếp* page on a phone with Chromium's fake microphone (a beep): an operator starts a session for
 * their commune, speaks (MediaRecorder over the WebSocket, transcoded by cms's ffmpeg), sees it on air with the
 * level moving, and ends it; the session took in sound and its recording is filed.
 */
class LiveInTheBrowserTest extends BrowserTest {

    @Test
    void anOperatorGoesLiveFromThePhonesMicrophoneAndEndsIt() {
        RequiredTools.require("ffmpeg", "ffmpeg");
        TestWorld w = world();
        try (BrowserContext phone = phone()) {
            Page page = logIn(phone, "opa" + w.suffix());
            page.navigate(baseUrl() + "/live");
            assertThat(page.locator("h1").innerText()).isEqualTo("Phát trực tiếp");
            page.fill("#live-form input[name=title]", "Họp thôn " + w.suffix());
            page.click("#live-start");
            page.waitForURL(url -> url.matches(".*/live/[0-9a-f-]{36}$"));
            String id = page.url().substring(page.url().lastIndexOf('/') + 1);
            assertThat(page.locator("#live-state").innerText()).isEqualTo("Đang chờ âm thanh");

            page.click("#live-speak");
            // The page's CSP forbids eval, so waitForFunction cannot run here: selectors and evaluate can.
            page.waitForSelector(
                    "#live-panel[data-state=ON_AIR]",
                    new Page.WaitForSelectorOptions()
                            .setTimeout(Duration.ofSeconds(40).toMillis()));
            assertThat(page.locator("#live-state").innerText()).isEqualTo("Đang phát");
            double level = 0;
            for (int i = 0; i < 100 && level <= 0; i++) {
                level = ((Number) page.evaluate("document.getElementById('live-level').value")).doubleValue();
                page.waitForTimeout(100);
            }
            assertThat(level).as("the level meter moves with the microphone").isGreaterThan(0);
            assertThat((Boolean) page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))
                    .as("the page fits a 390 px phone")
                    .isTrue();
            page.screenshot(new Page.ScreenshotOptions()
                    .setPath(SCREENSHOTS.resolve("live-phone.png"))
                    .setFullPage(true));
            page.waitForTimeout(3000);
            assertThat(page.locator("#live-elapsed").innerText())
                    .as("the elapsed time counts from going on air")
                    .matches("\\d+:\\d\\d")
                    .isNotEqualTo("0:00");

            // A loudspeaker of the commune learns of the session from its manifest and starts it: the page counts it.
            assertThat(page.locator("#live-joined").innerText()).isEqualTo("0");
            Api box = box(w);
            JsonNode manifest = box.get("/edge/v1/manifest").json();
            String item = null;
            for (JsonNode i : manifest.path("items")) {
                if ("LIVE".equals(i.path("kind").asString())
                        && i.path("streamUrl").asString().contains(id)) {
                    item = i.path("id").asString();
                }
            }
            assertThat(item).as(manifest.toString()).isNotNull();
            Map<String, Object> started = new LinkedHashMap<>();
            started.put("id", UUID.randomUUID().toString());
            started.put("itemId", item);
            started.put("type", "STARTED");
            started.put("at", OffsetDateTime.now(ZoneOffset.UTC).toString());
            assertThat(box.post("/edge/v1/events", List.of(started)).status()).isEqualTo(204);
            page.waitForSelector("#live-joined:text-is('1')", new Page.WaitForSelectorOptions().setTimeout(20_000));

            page.click("#live-end");
            page.waitForSelector("#live-panel[data-state=ENDED]", new Page.WaitForSelectorOptions().setTimeout(20_000));
            assertThat(page.locator("#live-state").innerText()).isEqualTo("Đã kết thúc");

            JsonNode session = w.operatorA().get("/api/v1/live/" + id).json();
            assertThat(session.path("state").asString()).isEqualTo("ENDED");
            assertThat(session.path("endReason").asString()).isEqualTo("ended by operator");
            assertThat(session.path("bytesIn").asLong()).as("sound came in").isGreaterThan(4096);
            assertThat(session.path("areaIds").path(0).asString()).isEqualTo(w.communeAId());
        }
    }

    /** An enrolled loudspeaker of commune A, speaking the edge protocol as the agent does. */
    private Api box(TestWorld w) {
        return EnrolledDevice.enrol(w.operatorA(), w.communeAId(), api).edge(api);
    }
}
