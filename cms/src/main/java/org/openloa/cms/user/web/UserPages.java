package org.openloa.cms.user.web;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.openloa.cms.access.Caller;
import org.openloa.cms.access.CurrentCaller;
import org.openloa.cms.access.Role;
import org.openloa.cms.area.AreaService;
import org.openloa.cms.problem.ProblemException;
import org.openloa.cms.user.UserAccount;
import org.openloa.cms.user.UserChange;
import org.openloa.cms.user.UserDraft;
import org.openloa.cms.user.UserService;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;

@Controller
@RequestMapping("/users")
class UserPages {

    private final UserService users;
    private final AreaService areas;
    private final MessageSource messages;

    UserPages(UserService users, AreaService areas, MessageSource messages) {
        this.users = users;
        this.areas = areas;
        this.messages = messages;
    }

    static final class UserForm {
        public String username;
        public String displayName;
        public String password;
        public Set<Role> roles = EnumSet.noneOf(Role.class);
        public UUID areaId;
        public boolean enabled = true;

        public void setUsername(String username) {
            this.username = username;
        }

        public void setDisplayName(String displayName) {
            this.displayName = displayName;
        }

        public void setPassword(String password) {
            this.password = password;
        }

        public void setRoles(Set<Role> roles) {
            this.roles = roles;
        }

        public void setAreaId(UUID areaId) {
            this.areaId = areaId;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    @GetMapping
    String list(Model model) {
        Caller caller = CurrentCaller.get();
        model.addAttribute("users", users.visibleTo(caller));
        Map<UUID, String> names = new HashMap<>();
        areas.visibleTo(caller).forEach(a -> names.put(a.id(), a.name()));
        model.addAttribute("names", names);
        return "users/list";
    }

    @GetMapping("/new")
    String newUser(Model model) {
        UserForm form = new UserForm();
        form.areaId = CurrentCaller.get().areaId();
        return form(model, null, form, null);
    }

    @PostMapping
    String create(@ModelAttribute UserForm form, Model model) {
        try {
            users.create(
                    CurrentCaller.get(),
                    new UserDraft(form.username, form.password, form.displayName, form.roles, form.areaId));
            return "redirect:/users?saved";
        } catch (ProblemException e) {
            return form(model, null, form, e);
        }
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
        return form(model, user, form, null);
    }

    @PostMapping("/{id}")
    String update(@PathVariable UUID id, @ModelAttribute UserForm form, Model model) {
        try {
            users.update(
                    CurrentCaller.get(),
                    id,
                    new UserChange(
                            form.displayName,
                            form.roles,
                            form.areaId,
                            true,
                            form.enabled,
                            form.password == null || form.password.isEmpty() ? null : form.password));
            return "redirect:/users?saved";
        } catch (ProblemException e) {
            return form(model, users.get(CurrentCaller.get(), id), form, e);
        }
    }

    private String form(Model model, UserAccount user, UserForm form, ProblemException error) {
        Caller caller = CurrentCaller.get();
        model.addAttribute("user", user);
        model.addAttribute("form", form);
        model.addAttribute("areas", areas.choicesFor(caller));
        model.addAttribute("national", caller.isNational());
        model.addAttribute("allRoles", Role.values());
        if (error != null) {
            model.addAttribute(
                    "error",
                    messages.getMessage(
                            error.messageKey(), error.args(), error.messageKey(), LocaleContextHolder.getLocale()));
        }
        return "users/form";
    }
}
