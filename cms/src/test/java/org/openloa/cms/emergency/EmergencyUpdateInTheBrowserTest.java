package org.openloa.cms.emergency;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.WaitForSelectorState;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.BrowserTest;
import org.openloa.cms.TestAudio;
import org.openloa.cms.TestWorld;
import org.openloa.testing.Await;

/**
 * An emergency's *Cập nhật* on a phone, with the recorder of the form that raises one: recorded with Chromium's fake
 * microphone, the recording streams in with its progress (the raw body, not a multipart form) and replaces what the
 * emergency says; a refusal is said in the page's language, Vietnamese unless the user switched to English; an
 * operator of another commune is refused, in words of the page's language too.
 */
@org.junit.jupiter.api.Tag("media")
class EmergencyUpdateInTheBrowserTest extends BrowserTest {

    @Test
    void anOperatorRecordsAReplacementOnThePhoneAndItStreamsIn() {
        TestWorld w = world();
        String id = onAir(w, "Ghi âm thay " + w.suffix());

        try (BrowserContext context = phone()) {
            context.grantPermissions(List.of("microphone"));
            List<String> refused = new ArrayList<>();
            context.onResponse(r -> {
                if (r.status() >= 400) {
                    refused.add(r.status() + " " + r.url());
                }
            });
            Page page = logIn(context, "opa" + w.suffix());
            Response opened = page.navigate(baseUrl() + "/emergencies/" + id);
            assertThat(opened.headerValue("permissions-policy")).contains("microphone=(self)");
            String before = contentBulletin(page);
            assertThat(page.textContent("#emergency-contents")).contains("Bản ghi âm");

            assertThat(page.textContent("#update-open")).isEqualTo("Cập nhật");
            page.click("#update-open");
            page.check("#update-what-record");
            assertThat(page.isVisible("textarea[name=text]")).isFalse();
            page.click("#update-record-start");
            page.waitForTimeout(2200); // two seconds of the fake microphone's tone
            page.click("#update-record-stop");
            page.locator("#update-record-preview").waitFor();
            assertThat(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))
                    .isEqualTo(true);
            page.screenshot(new Page.ScreenshotOptions()
                    .setPath(SCREENSHOTS.resolve("emergency-update-recorded.png"))
                    .setFullPage(true));
            Response sent = page.waitForResponse(
                    response -> response.url().contains("/content"), () -> page.click("#update-confirm"));
            // Back on the emergency's page, loaded again: the bar of the sending is hidden on a fresh page.
            page.locator("#update-sending").waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.HIDDEN));

            // The raw recording, not a multipart form, to the page's twin of PUT
            // /api/v1/emergencies/{id}/content/stream.
            assertThat(sent.status()).isEqualTo(200);
            assertThat(sent.request().method()).isEqualTo("POST");
            assertThat(sent.request().headerValue("content-type")).startsWith("audio/");
            assertThat(sent.url()).contains("/emergencies/" + id + "/content/stream?");
            // On air everywhere with the new recording (at once, or in turn when the server was busy).
            Await.until("the new recording on the page", Await.PATIENCE, () -> {
                page.reload();
                return !before.equals(contentBulletin(page));
            });
            assertThat(page.getAttribute("#emergency-contents .content", "data-kind"))
                    .isEqualTo("RECORDING");
            assertThat(refused).isEmpty();
        }
    }

    @Test
    void aRefusedReplacementIsSaidInThePagesLanguage() {
        TestWorld w = world();
        String id = onAir(w, "Từ chối " + w.suffix());
        String other = onAir(w, "Refused " + w.suffix());

        try (BrowserContext context = phone()) {
            context.grantPermissions(List.of("microphone"));
            Page page = logIn(context, "opa" + w.suffix());
            // Stopped meanwhile, by a colleague: the page still offers Cập nhật, the server refuses it.
            page.navigate(baseUrl() + "/emergencies/" + id);
            stop(w, id);
            assertThat(recordAndSend(page)).contains("không còn phát");

            page.navigate(baseUrl() + "/emergencies/" + other + "?lang=en");
            stop(w, other);
            assertThat(recordAndSend(page)).contains("no longer on air");
        }

        // An operator of another commune: not even told it exists, in the words of the page's language.
        try (BrowserContext context = phone()) {
            Page page = logIn(context, "opb" + w.suffix());
            Object answer = page.evaluate(
                    "async (url) => { const r = await fetch(url, {method: 'POST', body: new Blob(['x']),"
                            + " headers: {'Content-Type': 'audio/wav', 'Accept': 'application/json',"
                            + " [document.querySelector('meta[name=_csrf_header]').content]:"
                            + " document.querySelector('meta[name=_csrf]').content}});"
                            + " return r.status + ' ' + (await r.json()).message; }",
                    baseUrl() + "/emergencies/" + id + "/content/stream?name=x.wav");
            assertThat(answer).isEqualTo("404 Không tìm thấy tin khẩn cấp này.");
        }
    }

    /** Records two seconds in *Cập nhật*, sends it, and answers what the page then says went wrong. */
    private static String recordAndSend(Page page) {
        page.click("#update-open");
        page.check("#update-what-record");
        page.click("#update-record-start");
        page.waitForTimeout(2200);
        page.click("#update-record-stop");
        page.locator("#update-record-preview").waitFor();
        page.click("#update-confirm");
        page.locator("#update-error").waitFor();
        assertThat(page.isVisible("#update-sending")).isFalse();
        page.screenshot(new Page.ScreenshotOptions()
                .setPath(SCREENSHOTS.resolve(
                        "emergency-update-refused-" + page.evaluate("document.documentElement.lang") + ".png")));
        return page.textContent("#update-error");
    }

    private static void stop(TestWorld w, String id) {
        Api.Response stopped = w.operatorA().post("/api/v1/emergencies/" + id + "/stop", Map.of("reason", "Hết"));
        assertThat(stopped.status()).as(stopped.body()).isEqualTo(200);
    }

    private static String contentBulletin(Page page) {
        return page.getAttribute("#emergency-contents .content", "data-bulletin");
    }

    /** An emergency raised with a recording by operator A, once on air; its id. */
    private static String onAir(TestWorld w, String title) {
        Api.Response raised = w.operatorA()
                .upload(
                        "/api/v1/emergencies?title=" + URLEncoder.encode(title, StandardCharsets.UTF_8) + "&areaIds="
                                + w.communeAId(),
                        "file",
                        "lu.wav",
                        TestAudio.toneWav(3, 0.3),
                        "audio/wav");
        assertThat(raised.status()).as(raised.body()).isEqualTo(201);
        String id = raised.text("id");
        Await.until(
                "the emergency on air",
                Await.PATIENCE,
                () -> w.operatorA().get("/api/v1/emergencies/" + id).text("state"),
                "ON_AIR"::equals);
        return id;
    }
}
