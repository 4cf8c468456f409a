package org.openloa.cms.user.web;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
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

    @Schema(description = "A user account")
    record UserView(
            @Schema(description = "the user's id") UUID id,
            @Schema(description = "the login name") String username,

            @Schema(description = "the name shown to people")
            String displayName,

            @Schema(description = "what the user may do") Set<Role> roles,

            @Schema(description = "the area the user's rights reach; null at the national level")
            UUID areaId,

            @Schema(description = "whether the user may sign in")
            boolean enabled,

            @Schema(description = "when the account was created")
            Instant createdAt) {

        static UserView of(UserAccount u) {
            return new UserView(
                    u.id(), u.username(), u.displayName(), u.roles(), u.areaId(), u.enabled(), u.createdAt());
        }
    }

    @Schema(description = "A new user")
    record NewUser(
            @Schema(description = "the login name", requiredMode = REQUIRED) @NotBlank
            String username,

            @Schema(
                    description = "the first password; long enough and not containing the username",
                    requiredMode = REQUIRED)
            @NotBlank
            String password,

            @Schema(description = "the name shown to people; the username when absent")
            String displayName,

            @Schema(description = "what the user may do; at least one", requiredMode = REQUIRED) @NotEmpty
            Set<Role> roles,

            @Schema(
                    description =
                            "the area the user's rights reach; absent means the national level (national callers only)")
            UUID areaId) {}

    @Schema(description = "A change to a user; absent fields stay, areaId null means the national level")
    record UserPatch(
            @Schema(description = "the name shown to people")
            String displayName,

            @Schema(description = "what the user may do; replaces the current roles")
            Set<Role> roles,

            @Schema(description = "the area the user's rights reach; null means the national level")
            UUID areaId,

            @Schema(description = "whether the user may sign in")
            Boolean enabled,

            @Schema(description = "a new password, set by an administrator")
            String password) {

        UserPatch {
            if (roles != null && roles.contains(null)) {
                throw ProblemException.badRequest("malformed-request", "problem.malformed-request");
            }
        }
    }

    @Schema(description = "Who the credentials belong to")
    record Me(
            @Schema(description = "the user's id") UUID id,
            @Schema(description = "the login name") String username,
            @Schema(description = "what the user may do") Set<Role> roles,

            @Schema(description = "the area the user's rights reach; null at the national level")
            UUID areaId) {}

    @Schema(description = "A change of one's own password")
    record PasswordChange(
            @Schema(description = "the password now", requiredMode = REQUIRED)
            String currentPassword,

            @Schema(
                    description = "the new password; long enough and not containing the username",
                    requiredMode = REQUIRED)
            @NotBlank
            String newPassword) {}

    @GetMapping
    @Operation(summary = "Users within the caller's area")
    @ApiResponse(responseCode = "403", description = "administrators only")
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
    @Operation(summary = "Change one's own password, knowing the current one")
    @ApiResponse(responseCode = "204", description = "changed")
    @ApiResponse(responseCode = "422", description = "the current password is wrong, or the new one is too weak")
    ResponseEntity<Void> changeOwnPassword(@Valid @RequestBody PasswordChange body) {
        users.changeOwnPassword(CurrentCaller.get(), body.currentPassword(), body.newPassword());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/{id}")
    @Operation(summary = "One user")
    @ApiResponse(responseCode = "403", description = "administrators only")
    UserView get(@PathVariable UUID id) {
        return UserView.of(users.get(CurrentCaller.get(), id));
    }

    @PostMapping
    @Operation(summary = "Create a user bound to an area within the caller's (areaId absent: national level)")
    @ApiResponse(responseCode = "201", description = "created; Location names it")
    @ApiResponse(responseCode = "404", description = "the area is not found or outside the caller's")
    @ApiResponse(responseCode = "409", description = "the username is taken")
    @ApiResponse(responseCode = "422", description = "a rule is broken (username, display name, roles, weak password)")
    ResponseEntity<UserView> create(@Valid @RequestBody NewUser body) {
        UserAccount user = users.create(
                CurrentCaller.get(),
                new UserDraft(body.username(), body.password(), body.displayName(), body.roles(), body.areaId()));
        return ResponseEntity.created(URI.create("/api/v1/users/" + user.id())).body(UserView.of(user));
    }

    @PatchMapping("/{id}")
    @Operation(summary = "Change display name, roles, area, enabled or password; absent fields stay")
    @ApiResponse(
            responseCode = "422",
            description = "a rule is broken (e.g. demoting or disabling oneself, weak password)")
    UserView update(
            @PathVariable UUID id,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            content = @Content(schema = @Schema(implementation = UserPatch.class)))
                    @RequestBody
                    JsonNode body) {
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
}
