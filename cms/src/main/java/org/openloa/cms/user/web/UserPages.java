package org.openloa.cms.user.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import org.openloa.cms.access.Caller;
import org.openloa.cms.access.CurrentCaller;
import org.openloa.cms.access.Role;
import org.openloa.cms.area.AreaService;
import org.openloa.cms.problem.RefusedChange;
import org.openloa.cms.user.UserAccount;
import org.openloa.cms.user.UserChange;
import org.openloa.cms.user.UserDraft;
import org.openloa.cms.user.UserService;
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
@RequestMapping("/users")
class UserPages {

    private final UserService users;
    private final AreaService areas;

    UserPages(UserService users, AreaService areas) {
        this.users = users;
        this.areas = areas;
    }

    /** The form's fields, kept when a submission is refused so nothing typed is lost (but the password). */
    static final class UserForm {
        @NotBlank
        @Size(max = 64)
        public String username;

        @Size(max = 255)
        public String displayName;

        public String password;
        public Set<Role> roles = EnumSet.noneOf(Role.class);
        public UUID areaId;
        public boolean enabled = true;
    }

    /** The form binds to its fields: it is a plain holder of what was typed. */
    @InitBinder("form")
    void bindFields(WebDataBinder binder) {
        binder.initDirectFieldAccess();
    }

    @GetMapping
    String list(Model model) {
        Caller caller = CurrentCaller.get();
        model.addAttribute("users", users.visibleTo(caller));
        model.addAttribute("names", areas.namesVisibleTo(caller));
        return "users/list";
    }

    @GetMapping("/new")
    String newUser(Model model) {
        UserForm form = new UserForm();
        form.areaId = CurrentCaller.get().areaId();
        return form(model, null, form);
    }

    @PostMapping
    String create(@Valid @ModelAttribute("form") UserForm form, BindingResult result, Model model) {
        return RefusedChange.attempt(
                        result,
                        () -> users.create(
                                CurrentCaller.get(),
                                new UserDraft(form.username, form.password, form.displayName, form.roles, form.areaId)))
                .map(saved -> "redirect:/users?saved")
                .orElseGet(() -> form(model, null, form));
    }

    @GetMapping("/{id}")
    String edit(@PathVariable UUID id, Model model) {
        UserAccount user = users.get(CurrentCaller.get(), id);
        UserForm form = new UserForm();
        form.username = user.username();
        form.displayName = user.displayName();
        form.roles = user.roles();
        form.areaId = user.areaId();
        form.enabled = user.enabled();
        return form(model, user, form);
    }

    @PostMapping("/{id}")
    String update(
            @PathVariable UUID id, @Valid @ModelAttribute("form") UserForm form, BindingResult result, Model model) {
        return RefusedChange.attempt(
                        result,
                        () -> users.update(
                                CurrentCaller.get(),
                                id,
                                new UserChange(
                                        form.displayName,
                                        form.roles,
                                        form.areaId,
                                        true,
                                        form.enabled,
                                        form.password == null || form.password.isEmpty() ? null : form.password)))
                .map(saved -> "redirect:/users?saved")
                .orElseGet(() -> form(model, users.get(CurrentCaller.get(), id), form));
    }

    private String form(Model model, UserAccount user, UserForm form) {
        Caller caller = CurrentCaller.get();
        model.addAttribute("user", user);
        model.addAttribute("form", form);
        model.addAttribute("areas", areas.choicesFor(caller));
        model.addAttribute("national", caller.isNational());
        model.addAttribute("allRoles", Role.values());
        return "users/form";
    }
}
