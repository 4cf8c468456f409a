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

@RestController
@RequestMapping("/api/v1/users")
@Tag(name = "Users", description = "Users and their roles; administrators only, within their area")
class UserApi {

    private final UserService users;

    UserApi(UserService users) {
        this.users = users;
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
        Set<Role> roles = body.has("roles") && body.get("roles").isArray()
                ? body.get("roles")
                        .valueStream()
                        .map(r -> Role.valueOf(r.asString()))
                        .collect(java.util.stream.Collectors.toSet())
                : null;
        boolean areaSet = body.has("areaId");
        UUID areaId = areaSet && !body.get("areaId").isNull()
                ? UUID.fromString(body.get("areaId").asString())
                : null;
        UserChange change = new UserChange(
                text(body, "displayName"),
                roles,
                areaId,
                areaSet,
                body.has("enabled") ? body.get("enabled").asBoolean() : null,
                text(body, "password"));
        return UserView.of(users.update(CurrentCaller.get(), id, change));
    }

    private static String text(JsonNode body, String field) {
        return body.has(field) && !body.get(field).isNull() ? body.get(field).asString() : null;
    }
}
