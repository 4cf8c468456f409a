package org.openloa.cms.security;

import java.util.Map;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * How passwords are hashed: Argon2id for every new hash, since bcrypt reads only 72 bytes (a Vietnamese
 * passphrase reaches that at about 50 characters, and Spring refuses longer ones outright). Hashes made
 * before, "{bcrypt}…" or bare bcrypt, still match, and are hashed again with Argon2 at the next login.
 */
final class Passwords {

    static final String DEFAULT = "argon2";

    private Passwords() {}

    static PasswordEncoder encoder() {
        PasswordEncoder bcrypt = new UpTo72Bytes(new BCryptPasswordEncoder());
        DelegatingPasswordEncoder encoder = new DelegatingPasswordEncoder(
                DEFAULT, Map.of(DEFAULT, Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8(), "bcrypt", bcrypt));
        encoder.setDefaultPasswordEncoderForMatches(bcrypt);
        return encoder;
    }

    /**
     * bcrypt for old hashes only: a password longer than bcrypt can read cannot be the one such a hash was made
     * of (it could not have been stored), so it does not match, rather than failing the login with an error.
     */
    private record UpTo72Bytes(BCryptPasswordEncoder bcrypt) implements PasswordEncoder {

        @Override
        public String encode(CharSequence raw) {
            return bcrypt.encode(raw);
        }

        @Override
        public boolean matches(CharSequence raw, String encoded) {
            if (raw == null || raw.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 72) {
                return false;
            }
            return bcrypt.matches(raw, encoded);
        }
    }
}
