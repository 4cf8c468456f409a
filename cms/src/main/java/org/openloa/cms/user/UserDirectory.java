package org.openloa.cms.user;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.openloa.cms.access.Caller;
import org.openloa.cms.access.CallerDetails;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsPasswordService;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Finds the principal behind a user name or an API token, with the area scope resolved. */
@Component
public class UserDirectory implements UserDetailsService, UserDetailsPasswordService {

    private final Users users;
    private final TokenService tokens;
    private final UserService userService;

    UserDirectory(Users users, TokenService tokens, UserService userService) {
        this.users = users;
        this.tokens = tokens;
        this.userService = userService;
    }

    @Override
    @Transactional(readOnly = true)
    public CallerDetails loadUserByUsername(String username) {
        return users.findByUsername(normalised(username))
                .map(this::details)
                .orElseThrow(() -> new UsernameNotFoundException("unknown user"));
    }

    /** The enabled user a valid API token belongs to. */
    @Transactional
    public Optional<CallerDetails> byToken(String presented) {
        return tokens.ownerOf(presented)
                .flatMap(users::findById)
                .filter(UserAccount::enabled)
                .map(this::details);
    }

    /**
     * The principal a session should now hold: the same one while its account is unchanged (one small query),
     * the account's present rights when they changed, and nothing when the account was disabled or removed or
     * its password changed since the principal was read.
     */
    @Transactional(readOnly = true)
    public Optional<CallerDetails> current(CallerDetails held) {
        UUID id = held.caller().userId();
        Optional<AccountStamp> stamp = users.stampOf(id);
        if (stamp.isEmpty()
                || !stamp.get().enabled()
                || stamp.get().credentialsVersion() != held.credentialsVersion()) {
            return Optional.empty();
        }
        if (stamp.get().version() == held.rightsVersion()) {
            return Optional.of(held);
        }
        return users.findById(id)
                .filter(UserAccount::enabled)
                .filter(u -> u.credentialsVersion() == held.credentialsVersion())
                .map(this::details);
    }

    /** A password hashed again with the stronger encoding on a successful login: no session ends for it. */
    @Override
    @Transactional
    public UserDetails updatePassword(UserDetails user, String newPassword) {
        return users.findByUsername(normalised(user.getUsername()))
                .map(account -> {
                    account.rehash(newPassword);
                    return (UserDetails) details(account);
                })
                .orElse(user);
    }

    /** The area path of the user's area, for audit records of events such as logins. */
    @Transactional(readOnly = true)
    public Optional<String> scopePathOf(String username) {
        return users.findByUsername(normalised(username)).map(u -> userService.scopePathOf(u.areaId()));
    }

    private static String normalised(String username) {
        return username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
    }

    private CallerDetails details(UserAccount user) {
        Caller caller = new Caller(
                user.id(), user.username(), user.roles(), user.areaId(), userService.scopePathOf(user.areaId()));
        return new CallerDetails(
                caller, user.passwordHash(), user.enabled(), user.version(), user.credentialsVersion());
    }
}
