package org.openloa.cms.user;

import java.util.Optional;
import org.openloa.cms.access.Caller;
import org.openloa.cms.access.CallerDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Finds the principal behind a user name or an API token, with the area scope resolved. */
@Component
public class UserDirectory implements UserDetailsService {

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
        String normalised = username == null ? "" : username.strip().toLowerCase(java.util.Locale.ROOT);
        return users.findByUsername(normalised)
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

    /** The area path of the user's area, for audit records of events such as logins. */
    @Transactional(readOnly = true)
    public Optional<String> scopePathOf(String username) {
        return users.findByUsername(username == null ? "" : username.strip().toLowerCase(java.util.Locale.ROOT))
                .map(u -> userService.scopePathOf(u.areaId()));
    }

    private CallerDetails details(UserAccount user) {
        Caller caller = new Caller(
                user.id(), user.username(), user.roles(), user.areaId(), userService.scopePathOf(user.areaId()));
        return new CallerDetails(caller, user.passwordHash(), user.enabled());
    }
}
