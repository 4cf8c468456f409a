package org.openloa.cms.user;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.openloa.cms.access.Caller;
import org.openloa.cms.audit.AuditLog;
import org.openloa.cms.problem.ProblemException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Personal API tokens: each user creates and revokes their own. */
@Service
@Transactional
public class TokenService {

    static final String PREFIX = "olt_";
    /** Recording every use would write on every API call; a minute's precision is enough to spot stale tokens. */
    private static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);

    private final ApiTokens tokens;
    private final AuditLog audit;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    TokenService(ApiTokens tokens, AuditLog audit, Clock clock) {
        this.tokens = tokens;
        this.audit = audit;
        this.clock = clock;
    }

    /** The token in clear, returned once and never again. */
    public record IssuedToken(ApiToken token, String secret) {}

    public IssuedToken issue(Caller caller, String name, Integer validDays) {
        if (name == null || name.isBlank() || name.strip().length() > 100) {
            throw ProblemException.rule("invalid-token-name", "name", "token.invalid-name");
        }
        if (validDays != null && (validDays < 1 || validDays > 3650)) {
            throw ProblemException.rule("invalid-token-validity", "validDays", "token.invalid-validity");
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = clock.instant();
        ApiToken token = tokens.save(new ApiToken(
                caller.userId(),
                name.strip(),
                hash(secret),
                secret.substring(0, 8),
                now,
                validDays == null ? null : now.plus(Duration.ofDays(validDays))));
        audit.record("TOKEN_CREATED", "token", token.id().toString(), caller.scopePath(), token.name());
        return new IssuedToken(token, secret);
    }

    @Transactional(readOnly = true)
    public List<ApiToken> ownedBy(Caller caller) {
        return tokens.findByUserIdOrderByCreatedAtDesc(caller.userId());
    }

    public void revoke(Caller caller, UUID id) {
        ApiToken token = tokens.findById(id)
                .filter(t -> t.userId().equals(caller.userId()))
                .orElseThrow(() -> ProblemException.notFound("token"));
        token.revoke(clock.instant());
        audit.record("TOKEN_REVOKED", "token", token.id().toString(), caller.scopePath(), token.name());
    }

    /** Every usable token of a user, when an administrator resets their password. */
    void revokeAllOf(UserAccount user, String areaPath) {
        Instant now = clock.instant();
        tokens.findByUserIdOrderByCreatedAtDesc(user.id()).stream()
                .filter(t -> !t.revoked())
                .forEach(t -> {
                    t.revoke(now);
                    audit.record("TOKEN_REVOKED", "token", t.id().toString(), areaPath, t.name() + " (password reset)");
                });
    }

    /** The user a presented token belongs to, if the token is known, unrevoked and unexpired. */
    Optional<UUID> ownerOf(String presented) {
        if (presented == null || !presented.startsWith(PREFIX) || presented.length() > 100) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return tokens.findByTokenHash(hash(presented))
                .filter(t -> t.usableAt(now))
                .map(t -> {
                    if (t.lastUsedAt() == null || t.lastUsedAt().isBefore(now.minus(LAST_USED_PRECISION))) {
                        t.usedAt(now);
                    }
                    return t.userId();
                });
    }

    static String hash(String secret) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
