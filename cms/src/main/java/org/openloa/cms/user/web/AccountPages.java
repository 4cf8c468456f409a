package org.openloa.cms.user.web;

import org.openloa.cms.access.CurrentCaller;
import org.openloa.cms.problem.ProblemException;
import org.openloa.cms.user.UserService;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The caller's own account: changing their password. */
@Controller
@RequestMapping("/account")
class AccountPages {

    private final UserService users;
    private final MessageSource messages;

    AccountPages(UserService users, MessageSource messages) {
        this.users = users;
        this.messages = messages;
    }

    @GetMapping
    String account() {
        return "account/password";
    }

    @PostMapping("/password")
    String changePassword(@RequestParam String currentPassword, @RequestParam String newPassword, Model model) {
        try {
            users.changeOwnPassword(CurrentCaller.get(), currentPassword, newPassword);
            model.addAttribute("saved", true);
        } catch (ProblemException e) {
            model.addAttribute(
                    "error",
                    messages.getMessage(e.messageKey(), e.args(), e.messageKey(), LocaleContextHolder.getLocale()));
        }
        return "account/password";
    }
}
