package org.openloa.cms.user;

import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.openloa.cms.access.Caller;
import org.openloa.cms.access.Role;
import org.openloa.cms.area.Area;
import org.openloa.cms.area.AreaService;
import org.openloa.cms.audit.AuditLog;
import org.openloa.cms.problem.ProblemException;
import org.openloa.cms.problem.Text;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Users within the caller's subtree; only administrators see and change them. */
@Service
@Transactional
public class UserService {

    static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{2,63}");
    static final int MIN_PASSWORD_LENGTH = 10;

    private final Users users;
    private final UserQueries queries;
    private final AreaService areas;
    private final PasswordEncoder passwords;
    private final AuditLog audit;
    private final TokenService tokens;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    UserService(
            Users users,
            UserQueries queries,
            AreaService areas,
            PasswordEncoder passwords,
            AuditLog audit,
            TokenService tokens,
            ApplicationEventPublisher events,
            Clock clock) {
        this.users = users;
        this.queries = queries;
        this.areas = areas;
        this.passwords = passwords;
        this.audit = audit;
        this.tokens = tokens;
        this.events = events;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<UserAccount> visibleTo(Caller caller) {
        requireAdmin(caller);
        return caller.isNational() ? users.findAllByOrderByUsername() : queries.inSubtree(caller.scopePath());
    }

    @Transactional(readOnly = true)
    public long countVisibleTo(Caller caller) {
        return caller.isNational() ? users.count() : queries.countInSubtree(caller.scopePath());
    }

    @Transactional(readOnly = true)
    public UserAccount get(Caller caller, UUID id) {
        requireAdmin(caller);
        return users.findById(id)
                .filter(u -> caller.reaches(scopePathOf(u.areaId())))
                .orElseThrow(() -> ProblemException.notFound("user"));
    }

    public UserAccount create(Caller caller, UserDraft draft) {
        requireAdmin(caller);
        String username = checkUsername(draft.username());
        String areaPath = reachableAreaPath(caller, draft.areaId());
        Set<Role> roles = checkRoles(draft.roles());
        checkPassword(username, draft.password());
        if (users.findByUsername(username).isPresent()) {
            throw ProblemException.conflict("username-taken", "user.username-taken", username);
        }
        UserAccount user = users.save(new UserAccount(
                username,
                passwords.encode(draft.password()),
                checkDisplayName(draft.displayName(), username),
                draft.areaId(),
                roles,
                clock.instant()));
        audit.record("USER_CREATED", "user", user.id().toString(), areaPath, username + " " + roles);
        return user;
    }

    public UserAccount update(Caller caller, UUID id, UserChange change) {
        UserAccount user = get(caller, id);
        boolean self = user.id().equals(caller.userId());
        if (change.displayName() != null) {
            user.describe(checkDisplayName(change.displayName(), user.username()));
        }
        if (change.roles() != null || change.areaIdSet()) {
            UUID areaId = change.areaIdSet() ? change.areaId() : user.areaId();
            Set<Role> roles = change.roles() == null ? user.roles() : checkRoles(change.roles());
            reachableAreaPath(caller, areaId);
            if (self && (!roles.contains(Role.ADMIN) || !java.util.Objects.equals(areaId, user.areaId()))) {
                throw ProblemException.rule("cannot-demote-self", "roles", "user.cannot-demote-self");
            }
            user.assign(areaId, roles);
        }
        if (change.enabled() != null) {
            if (self && !change.enabled()) {
                throw ProblemException.rule("cannot-disable-self", "enabled", "user.cannot-disable-self");
            }
            user.enable(change.enabled());
        }
        if (change.password() != null) {
            checkPassword(user.username(), change.password());
            user.changePassword(passwords.encode(change.password()));
            // A reset by an administrator: whoever knew the old password must not keep a way in.
            tokens.revokeAllOf(user, scopePathOf(user.areaId()));
            events.publishEvent(new CredentialsChanged(user.id(), user.credentialsVersion()));
        }
        audit.record(
                "USER_UPDATED",
                "user",
                user.id().toString(),
                scopePathOf(user.areaId()),
                user.username() + " " + user.roles() + (user.enabled() ? "" : " disabled")
                        + (change.password() != null ? " password changed" : ""));
        return user;
    }

    /** Anyone may change their own password, knowing the current one. */
    public void changeOwnPassword(Caller caller, String currentPassword, String newPassword) {
        UserAccount user = users.findById(caller.userId()).orElseThrow(() -> ProblemException.notFound("user"));
        if (currentPassword == null || !passwords.matches(currentPassword, user.passwordHash())) {
            throw ProblemException.rule("wrong-password", "currentPassword", "user.wrong-password");
        }
        checkPassword(user.username(), newPassword);
        user.changePassword(passwords.encode(newPassword));
        events.publishEvent(new CredentialsChanged(user.id(), user.credentialsVersion()));
        audit.record("PASSWORD_CHANGED", "user", user.id().toString(), scopePathOf(user.areaId()), user.username());
    }

    @Transactional(readOnly = true)
    public String scopePathOf(UUID areaId) {
        return areaId == null
                ? Caller.NATIONAL_SCOPE
                : areas.find(areaId).map(Area::path).orElseThrow(() -> new IllegalStateException("area " + areaId));
    }

    private String reachableAreaPath(Caller caller, UUID areaId) {
        if (areaId == null) {
            if (!caller.isNational()) {
                throw ProblemException.rule("area-required", "areaId", "user.area-required");
            }
            return Caller.NATIONAL_SCOPE;
        }
        return areas.get(caller, areaId).path();
    }

    private static void requireAdmin(Caller caller) {
        if (!caller.has(Role.ADMIN)) {
            throw ProblemException.forbidden();
        }
    }

    static String checkUsername(String username) {
        String normalised = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
        if (!USERNAME.matcher(normalised).matches()) {
            throw ProblemException.rule("invalid-username", "username", "user.invalid-username");
        }
        return normalised;
    }

    private static Set<Role> checkRoles(Set<Role> roles) {
        if (roles == null || roles.isEmpty()) {
            throw ProblemException.rule("roles-required", "roles", "user.roles-required");
        }
        return EnumSet.copyOf(roles);
    }

    private static String checkDisplayName(String displayName, String username) {
        displayName = Text.clean(displayName, "displayName");
        if (displayName == null || displayName.isBlank()) {
            return username;
        }
        if (displayName.strip().length() > 255) {
            throw ProblemException.rule("invalid-display-name", "displayName", "user.invalid-display-name");
        }
        return displayName.strip();
    }

    static void checkPassword(String username, String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH || password.length() > 200) {
            throw ProblemException.rule("weak-password", "password", "user.weak-password", MIN_PASSWORD_LENGTH);
        }
        if (password.toLowerCase(Locale.ROOT).contains(username)) {
            throw ProblemException.rule("password-contains-username", "password", "user.password-contains-username");
        }
    }
}
