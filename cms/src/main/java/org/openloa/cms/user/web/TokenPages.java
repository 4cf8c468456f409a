package org.openloa.cms.user.web;

import java.time.ZoneId;
import java.util.UUID;
import org.openloa.cms.access.CurrentCaller;
import org.openloa.cms.problem.RefusedChange;
import org.openloa.cms.user.TokenService;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;

@Controller
@RequestMapping("/tokens")
class TokenPages {

    /** Token times are read in Vietnam, where the people holding the tokens are. */
    private static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");

    private final TokenService tokens;

    TokenPages(TokenService tokens) {
        this.tokens = tokens;
    }

    /** A new token's name and how many days it lasts (none: until revoked). */
    static final class TokenForm {
        public String name;
        public Integer validDays;
    }

    @InitBinder("form")
    void bindFields(WebDataBinder binder) {
        binder.initDirectFieldAccess();
    }

    @GetMapping
    String list(Model model) {
        return page(model, new TokenForm(), null);
    }

    /** The new token is rendered in this response only, never stored in clear or put in a redirect. */
    @PostMapping
    String create(@ModelAttribute("form") TokenForm form, BindingResult result, Model model) {
        String secret = RefusedChange.attempt(
                        result,
                        () -> tokens.issue(CurrentCaller.get(), form.name, form.validDays)
                                .secret())
                .orElse(null);
        return page(model, form, secret);
    }

    @PostMapping("/{id}/revoke")
    String revoke(@PathVariable UUID id) {
        tokens.revoke(CurrentCaller.get(), id);
        return "redirect:/tokens";
    }

    private String page(Model model, TokenForm form, String secret) {
        model.addAttribute("form", form);
        model.addAttribute("tokens", tokens.ownedBy(CurrentCaller.get()));
        model.addAttribute("secret", secret);
        model.addAttribute("zone", ZONE);
        return "tokens/list";
    }
}
