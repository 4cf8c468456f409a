package org.openloa.cms.user;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.openloa.cms.access.Caller;
import org.openloa.cms.access.Role;
import org.openloa.cms.problem.ProblemException;
import org.openloa.cms.problem.Text;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who is told of something that happened in an area (notifications): the enabled users holding one of the roles
 * whose area reaches it (their own area or one above it, or the national level), with their e-mail address. The
 * address is a plain column of the account, kept out of the entity: changing it is no change of rights, so it
 * must not end anyone's session.
 */
@Service
@Transactional(readOnly = true)
public class Recipients {

    /** Enough to refuse what is plainly no address; the mail server judges the rest. */
    private static final Pattern ADDRESS = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    static final int MAX_ADDRESS = 254;

    private final JdbcTemplate jdbc;

    Recipients(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A user told of something, where to write to them (null when they gave no address), and their area. */
    public record Recipient(UUID userId, String username, String email, UUID areaId) {}

    /**
     * The enabled users with one of {@code roles} whose area reaches {@code areaPath}: national users and those of
     * an area on the path. The path names those areas ("/p/c/" holds p and c), so the area table is not read.
     */
    public List<Recipient> reaching(String areaPath, Set<Role> roles) {
        List<UUID> above = new ArrayList<>();
        for (String part : areaPath.split("/")) {
            if (!part.isEmpty()) {
                try {
                    above.add(UUID.fromString(part));
                } catch (IllegalArgumentException notAnArea) {
                    return List.of();
                }
            }
        }
        if (roles.isEmpty()) {
            return List.of();
        }
        List<Object> args = new ArrayList<>(above);
        String areas = above.isEmpty() ? "" : " or u.area_id in (" + marks(above.size()) + ")";
        roles.forEach(role -> args.add(role.name()));
        return jdbc.query(
                "select u.id, u.username, u.email, u.area_id from app_user u where u.enabled and (u.area_id is null"
                        + areas + ") and exists (select 1 from app_user_role r where r.user_id = u.id and r.role in ("
                        + marks(roles.size()) + ")) order by u.username",
                (rs, i) -> new Recipient(
                        rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getObject(4, UUID.class)),
                args.toArray());
    }

    private static String marks(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    /** The caller's own e-mail address, if they gave one. */
    public Optional<String> emailOf(Caller caller) {
        return jdbc
                .query("select email from app_user where id = ?", (rs, i) -> rs.getString(1), caller.userId())
                .stream()
                .filter(e -> e != null)
                .findFirst();
    }

    /**
     * Sets the caller's own address (blank removes it).
     *
     * @throws ProblemException 422 {@code invalid-email} on field {@code email}
     */
    @Transactional
    public Optional<String> changeOwnEmail(Caller caller, String email) {
        String clean = Text.clean(email, "email");
        if (clean != null && clean.isEmpty()) {
            clean = null;
        }
        if (clean != null
                && (clean.length() > MAX_ADDRESS || !ADDRESS.matcher(clean).matches())) {
            throw ProblemException.rule("invalid-email", "email", "user.email.invalid");
        }
        String stored = clean;
        jdbc.update("update app_user set email = ? where id = ?", stored, caller.userId());
        return Optional.ofNullable(stored);
    }
}
