package org.openloa.cms.shell;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What every page's template can use without its controller adding it. It lives here, reached from templates
 * only, because the concepts' controllers cannot depend on the shell (the dashboard depends on them).
 */
@ControllerAdvice(annotations = Controller.class)
class PageModel {

    private final LocalTimes times;

    PageModel(MessageSource messages) {
        this.times = new LocalTimes(messages);
    }

    @ModelAttribute("times")
    LocalTimes times() {
        return times;
    }

    @ModelAttribute("links")
    PageLinks links(HttpServletRequest request) {
        return new PageLinks(request);
    }
}
