package org.openloa.cms.shell;

import jakarta.servlet.http.HttpServletResponse;
import org.openloa.cms.problem.ProblemException;
import org.openloa.cms.problem.ProblemStatus;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/** A refused page request (not found, not allowed) as a page in the user's language. */
@ControllerAdvice(annotations = Controller.class)
class UiProblems {

    private final MessageSource messages;

    UiProblems(MessageSource messages) {
        this.messages = messages;
    }

    @ExceptionHandler(ProblemException.class)
    String problem(ProblemException e, Model model, HttpServletResponse response) {
        int status = ProblemStatus.of(e).value();
        response.setStatus(status);
        model.addAttribute("status", status);
        model.addAttribute(
                "message",
                messages.getMessage(e.messageKey(), e.args(), e.messageKey(), LocaleContextHolder.getLocale()));
        return "problem";
    }
}
