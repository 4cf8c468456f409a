package org.openloa.cms.user.web;

import java.util.UUID;
import org.openloa.cms.access.Caller;
import org.openloa.cms.access.CurrentCaller;
import org.openloa.cms.problem.ProblemException;
import org.openloa.cms.user.TokenService;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

@Controller
@RequestMapping("/tokens")
class TokenPages {

    private final TokenService tokens;
    private final MessageSource messages;

    TokenPages(TokenService tokens, MessageSource messages) {
        this.tokens = tokens;
        this.messages = messages;
    }

    @GetMapping
    String list(Model model) {
        return page(model, null, null);
    }

    /** The new token is rendered in this response only, never stored in clear or put in a redirect. */
    @PostMapping
    String create(@RequestParam String name, @RequestParam(required = false) Integer validDays, Model model) {
        try {
            return page(
                    model, tokens.issue(CurrentCaller.get(), name, validDays).secret(), null);
        } catch (ProblemException e) {
            return page(model, null, e);
        }
    }

    @PostMapping("/{id}/revoke")
    String revoke(@PathVariable UUID id) {
        tokens.revoke(CurrentCaller.get(), id);
        return "redirect:/tokens";
    }

    private String page(Model model, String secret, ProblemException error) {
        Caller caller = CurrentCaller.get();
        model.addAttribute("tokens", tokens.ownedBy(caller));
        model.addAttribute("secret", secret);
        model.addAttribute("zone", java.time.ZoneId.of("Asia/Ho_Chi_Minh"));
        if (error != null) {
            model.addAttribute(
                    "error",
                    messages.getMessage(
                            error.messageKey(), error.args(), error.messageKey(), LocaleContextHolder.getLocale()));
        }
        return "tokens/list";
    }
}
