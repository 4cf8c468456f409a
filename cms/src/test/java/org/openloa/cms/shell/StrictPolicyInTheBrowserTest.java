package org.openloa.cms.shell;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.openloa.cms.BrowserTest;
import org.openloa.cms.TestWorld;

/**
 * The pages under the strict content security policy (scripts and styles from files only): Chromium reports
 * every blocked script, style or handler on the console as "Refused to …", and the behaviours moved out of
 * the templates still work.
 */
class StrictPolicyInTheBrowserTest extends BrowserTest {

    private static final String REFUSED = "Refused by the policy: ";

    /**
     * Collects what the policy refuses in any page of the context: the browser's own "Refused to …" console lines,
     * and each securitypolicyviolation event, which a script added before the page's own reports to the console.
     */
    private static void watchPolicy(BrowserContext context, List<String> refused) {
        context.addInitScript("document.addEventListener('securitypolicyviolation', e => console.error('" + REFUSED
                + "' + e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')))");
        context.onConsoleMessage(message -> {
            if (message.text().startsWith(REFUSED) || message.text().contains("Refused to")) {
                refused.add(message.text());
            }
        });
    }

    @Test
    void theMainPagesRunWithoutAnythingRefusedByThePolicy() {
        TestWorld w = world();
        String editor = "csp" + w.suffix();
        TestWorld.user(admin, editor, "EDITOR", w.communeAId());
        String bulletin = admin.as(editor, TestWorld.PASSWORD)
                .post("/api/v1/bulletins", Map.of("title", "Kiểm tra CSP", "category", "y-te"))
                .text("id");
        List<String> refused = new CopyOnWriteArrayList<>();
        try (BrowserContext desktop = desktop()) {
            watchPolicy(desktop, refused);
            Page page = logIn(desktop, "padmin" + w.suffix());
            for (String path : List.of(
                    "/",
                    "/bulletins",
                    "/calendar?areaId=" + w.communeAId(),
                    "/devices",
                    "/devices/missed",
                    "/areas",
                    "/areas/new",
                    "/users",
                    "/users/new",
                    "/tokens",
                    "/audit?page=0",
                    "/account",
                    "/broadcasts/new",
                    "/broadcasts/inbox")) {
                assertThat(page.navigate(baseUrl() + path).status()).as(path).isEqualTo(200);
                page.waitForLoadState();
            }
            page.navigate(baseUrl() + "/calendar?areaId=" + w.communeAId());
            page.locator("#calendar .fc-view").waitFor();
        }
        try (BrowserContext phone = phone()) {
            watchPolicy(phone, refused);
            Page page = logIn(phone, editor);
            assertThat(page.navigate(baseUrl() + "/bulletins/" + bulletin).status())
                    .isEqualTo(200);
            page.locator("#audio-section").waitFor();
            assertThat(page.navigate(baseUrl() + "/bulletins/new").status()).isEqualTo(200);
            page.waitForLoadState();
        }
        assertThat(refused).isEmpty();
    }

    /** The check above is worth something only if Chromium does report a refusal: an inline style here is one. */
    @Test
    void whatThePolicyRefusesReachesTheConsole() {
        TestWorld w = world();
        try (BrowserContext desktop = desktop()) {
            List<String> refused = new CopyOnWriteArrayList<>();
            watchPolicy(desktop, refused);
            Page page = logIn(desktop, "padmin" + w.suffix());
            page.waitForConsoleMessage(
                    new Page.WaitForConsoleMessageOptions()
                            .setPredicate(message -> message.text().startsWith(REFUSED)),
                    () -> page.evaluate(
                            "document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">inline</p>')"));
            assertThat(refused).isNotEmpty().allSatisfy(line -> assertThat(line).contains("style-src"));
        }
    }

    @Test
    void theBroadcastFormSwitchesBetweenOnceAndRecurringFromItsScriptFile() {
        TestWorld w = world();
        try (BrowserContext desktop = desktop()) {
            Page page = logIn(desktop, "padmin" + w.suffix());
            page.navigate(baseUrl() + "/broadcasts/new?areaId=" + w.communeAId());
            assertThat(page.locator(".when-recurring").isVisible()).isTrue();
            assertThat(page.locator(".when-once").isVisible()).isFalse();

            page.check("input[name=scheduleType][value=ONCE]");

            page.locator(".when-once input[name=at]").waitFor();
            assertThat(page.locator(".when-recurring").isVisible()).isFalse();
            assertThat(page.locator("#target-choices label[data-level='1']").count())
                    .isPositive();
        }
    }

    @Test
    void choosingAnotherAreaOnTheCalendarShowsThatArea() {
        TestWorld w = world();
        try (BrowserContext desktop = desktop()) {
            Page page = logIn(desktop, "padmin" + w.suffix());
            page.navigate(baseUrl() + "/calendar?areaId=" + w.communeAId());

            page.selectOption("select[name=areaId]", w.communeBId());

            page.waitForURL("**/calendar?areaId=" + w.communeBId() + "*");
            assertThat(page.locator("h1").textContent()).contains("Xã Bình");
        }
    }
}
