package org.openloa.cms.user.web;

import org.openloa.cms.access.CurrentCaller;
import org.openloa.cms.problem.RefusedChange;
import org.openloa.cms.user.UserService;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;

/** The caller's own account: changing their password. */
@Controller
@RequestMapping("/account")
class AccountPages {

    private final UserService users;

    AccountPages(UserService users) {
        this.users = users;
    }

    /** The two passwords typed; neither is ever written back into the page. */
    static final class PasswordForm {
        public String currentPassword;
        public String newPassword;
    }

    @InitBinder("form")
    void bindFields(WebDataBinder binder) {
        binder.initDirectFieldAccess();
    }

    @GetMapping
    String account(Model model) {
        model.addAttribute("form", new PasswordForm());
        return "account/password";
    }

    @PostMapping("/password")
    String changePassword(@ModelAttribute("form") PasswordForm form, BindingResult result, Model model) {
        RefusedChange.attempt(result, field -> field.equals("password") ? "newPassword" : field, () -> {
                    users.changeOwnPassword(CurrentCaller.get(), form.currentPassword, form.newPassword);
                    return true;
                })
                .ifPresent(saved -> model.addAttribute("saved", true));
        return "account/password";
    }
}
