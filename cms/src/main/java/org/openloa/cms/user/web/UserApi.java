package org.openloa.cms.user.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.openloa.cms.access.Caller;
import org.openloa.cms.access.CurrentCaller;
import org.openloa.cms.access.Role;
import org.openloa.cms.problem.ProblemException;
import org.openloa.cms.user.UserAccount;
import org.openloa.cms.user.UserChange;
import org.openloa.cms.user.UserDraft;
import org.openloa.cms.user.UserService;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@RestController
@RequestMapping("/api/v1/users")
@Tag(name = "Users", description = "Users and their roles; administrators only, within their area")
class UserApi {

    private final UserService users;
    private final JsonMapper json;

    UserApi(UserService users, JsonMapper json) {
        this.users = users;
        this.json = json;
    }

    record UserView(
            UUID id,
            String username,
            String displayName,
            Set<Role> roles,
            UUID areaId,
            boolean enabled,
            Instant createdAt) {

        static UserView of(UserAccount u) {
            return new UserView(
                    u.id(), u.username(), u.displayName(), u.roles(), u.areaId(), u.enabled(), u.createdAt());
        }
    }

    record NewUser(
            @NotBlank String username,
            @NotBlank String password,
            String displayName,
            @NotEmpty Set<Role> roles,
            UUID areaId) {}

    record Me(UUID id, String username, Set<Role> roles, UUID areaId) {}

    record PasswordChange(String currentPassword, @NotBlank String newPassword) {}

    @GetMapping
    List<UserView> list() {
        return users.visibleTo(CurrentCaller.get()).stream().map(UserView::of).toList();
    }

    @GetMapping("/me")
    @Operation(summary = "Who the credentials belong to")
    Me me() {
        Caller caller = CurrentCaller.get();
        return new Me(caller.userId(), caller.username(), caller.roles(), caller.areaId());
    }

    @PostMapping("/me/password")
    ResponseEntity<Void> changeOwnPassword(@Valid @RequestBody PasswordChange body) {
        users.changeOwnPassword(CurrentCaller.get(), body.currentPassword(), body.newPassword());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/{id}")
    UserView get(@PathVariable UUID id) {
        return UserView.of(users.get(CurrentCaller.get(), id));
    }

    @PostMapping
    @Operation(summary = "Create a user bound to an area within the caller's (areaId absent: national level)")
    ResponseEntity<UserView> create(@Valid @RequestBody NewUser body) {
        UserAccount user = users.create(
                CurrentCaller.get(),
                new UserDraft(body.username(), body.password(), body.displayName(), body.roles(), body.areaId()));
        return ResponseEntity.created(URI.create("/api/v1/users/" + user.id())).body(UserView.of(user));
    }

    @PatchMapping("/{id}")
    @Operation(summary = "Change display name, roles, area, enabled or password; absent fields stay")
    UserView update(@PathVariable UUID id, @RequestBody JsonNode body) {
        if (!body.isObject()) {
            throw ProblemException.badRequest("malformed-request", "problem.malformed-request");
        }
        // Read as a typed record so a wrong type or an unknown role is a 400 naming the field; the tree
        // still tells an explicit "areaId": null (move to the national level) from an absent one.
        UserPatch patch = json.treeToValue(body, UserPatch.class);
        UserChange change = new UserChange(
                patch.displayName(),
                patch.roles(),
                patch.areaId(),
                body.has("areaId"),
                patch.enabled(),
                patch.password());
        return UserView.of(users.update(CurrentCaller.get(), id, change));
    }

    record UserPatch(String displayName, Set<Role> roles, UUID areaId, Boolean enabled, String password) {
        UserPatch {
            if (roles != null && roles.contains(null)) {
                throw ProblemException.badRequest("malformed-request", "problem.malformed-request");
            }
        }
    }
}
