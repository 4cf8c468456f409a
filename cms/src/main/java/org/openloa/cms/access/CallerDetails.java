package org.openloa.cms.access;

import java.util.Collection;
import java.util.List;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The security principal: a {@link Caller} plus what authentication needs to check a password, and the
 * versions of the account it was read from, so that a session can tell when the account has changed since.
 */
public final class CallerDetails implements UserDetails, CredentialsContainer {

    /** A rights version no account has: the rights must be read again before the next use. */
    private static final long STALE = -1;

    private final Caller caller;
    private String passwordHash;
    private final boolean enabled;
    private final long rightsVersion;
    private final long credentialsVersion;

    public CallerDetails(
            Caller caller, String passwordHash, boolean enabled, long rightsVersion, long credentialsVersion) {
        this.caller = caller;
        this.passwordHash = passwordHash;
        this.enabled = enabled;
        this.rightsVersion = rightsVersion;
        this.credentialsVersion = credentialsVersion;
    }

    public Caller caller() {
        return caller;
    }

    /** The account's version when read: any change of roles, area or state changes it. */
    public long rightsVersion() {
        return rightsVersion;
    }

    /** The account's password version when read: each change of password raises it. */
    public long credentialsVersion() {
        return credentialsVersion;
    }

    /** This principal after its own password change: still valid, with its rights to be read again. */
    public CallerDetails withCredentialsVersion(long credentialsVersion) {
        return new CallerDetails(caller, null, enabled, STALE, credentialsVersion);
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return caller.roles().stream()
                .map(r -> new SimpleGrantedAuthority(r.authority()))
                .toList();
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return caller.username();
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public void eraseCredentials() {
        passwordHash = null;
    }

    @Override
    public String toString() {
        return "CallerDetails[" + caller.username() + ", " + List.copyOf(caller.roles()) + "]";
    }
}
