package org.openloa.cms.shell;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openloa.cms.BrowserTest;
import org.openloa.cms.TestWorld;

/**
 * An accessibility pass with axe-core (Deque's rules engine, WCAG 2 A and AA) over the main pages, as a commune
 * administrator on a phone and on a desktop, in Vietnamese: no serious or critical violation. axe's script is
 * run through the browser's debugging channel, so the pages' strict Content-Security-Policy stays as it is.
 */
class AccessibilityInTheBrowserTest extends BrowserTest {

    static final List<String> PAGES = List.of(
            "/login",
            "/",
            "/bulletins",
            "/bulletins/new",
            "/broadcasts",
            "/broadcasts/new",
            "/calendar",
            "/devices",
            "/reports",
            "/map",
            "/areas",
            "/audit",
            "/emergencies",
            "/emergencies/new",
            "/alerts",
            "/live",
            "/account",
            "/users");

    @Test
    void theMainPagesHaveNoSeriousViolationOnAPhone() {
        TestWorld w = world();
        try (BrowserContext phone = phone()) {
            assertThat(violations(phone, "adma" + w.suffix())).isEmpty();
        }
    }

    @Test
    void theMainPagesHaveNoSeriousViolationOnADesktop() {
        TestWorld w = world();
        try (BrowserContext desktop = desktop()) {
            assertThat(violations(desktop, "adma" + w.suffix())).isEmpty();
        }
    }

    private List<String> violations(BrowserContext context, String username) {
        List<String> found = new ArrayList<>();
        Page anonymous = context.newPage();
        anonymous.navigate(baseUrl() + "/login");
        found.addAll(check(anonymous, "/login"));
        anonymous.close();
        Page page = logIn(context, username);
        for (String path : PAGES.subList(1, PAGES.size())) {
            page.navigate(baseUrl() + path);
            page.waitForLoadState();
            found.addAll(check(page, path));
        }
        return found;
    }

    @SuppressWarnings("unchecked")
    private static List<String> check(Page page, String path) {
        page.evaluate(AXE);
        Object result = page.evaluate("""
                async () => {
                  const r = await axe.run(document, {
                    runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
                    resultTypes: ['violations']});
                  return r.violations
                    .filter(v => v.impact === 'serious' || v.impact === 'critical')
                    .map(v => v.impact + ' ' + v.id + ': ' + v.help + ' at '
                         + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '));
                }""");
        List<String> named = new ArrayList<>();
        for (Object violation : (List<Object>) result) {
            named.add(path + " " + violation);
        }
        return named;
    }

    private static final String AXE = axeScript();

    private static String axeScript() {
        String resource = "/META-INF/resources/webjars/axe-core/4.6.3/axe.min.js";
        try (InputStream in = AccessibilityInTheBrowserTest.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the class path (org.webjars.npm:axe-core)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
