package org.openloa.cms.user;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openloa.cms.Api;

/**
 * An account as an administrator asks for one ({@code POST /api/v1/users}), for the tests of who may create whom:
 * {@link #createdBy} answers what the API said, refusals included ({@link org.openloa.cms.TestWorld#user} makes one
 * that must be created).
 *
 * @param displayName the name shown; none when null
 */
public record NewUser(String username, String password, String displayName, List<String> roles, String areaId) {

    /** A password long enough to be accepted. */
    public static final String LONG_ENOUGH = "long-enough-password";

    /** An account with one role in the area, and a password long enough. */
    public static NewUser of(String username, String role, String areaId) {
        return new NewUser(username, LONG_ENOUGH, null, List.of(role), areaId);
    }

    public NewUser withPassword(String password) {
        return new NewUser(username, password, displayName, roles, areaId);
    }

    /** Asks for the account as {@code caller}. */
    public Api.Response createdBy(Api caller) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("username", username);
        body.put("password", password);
        if (displayName != null) {
            body.put("displayName", displayName);
        }
        body.put("roles", roles);
        body.put("areaId", areaId);
        return caller.post("/api/v1/users", body);
    }
}
