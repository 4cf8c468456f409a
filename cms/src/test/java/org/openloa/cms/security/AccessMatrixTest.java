package org.openloa.cms.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.ServerTest;
import org.openloa.cms.TestWorld;
import org.openloa.cms.broadcast.Scheduling;
import tools.jackson.databind.JsonNode;

/**
 * The role × area matrix, generated from the OpenAPI document: every /api operation, called by a user of
 * each role at the national level and in commune A, on an object inside commune A and one inside commune B.
 * Whatever the operation, a commune user never gets a 2xx for commune B's object (nor sees its id in a
 * list), no user gets a 2xx for a write their role does not allow, and nothing answers 5xx. Write bodies
 * are empty objects: enough to reach the checks of role and area, which come before a body is used.
 */
class AccessMatrixTest extends ServerTest {

    private static final List<String> ROLES = List.of("ADMIN", "EDITOR", "APPROVER", "OPERATOR", "VIEWER");
    private static final Pattern PARAMETER = Pattern.compile("/([a-z-]+)/\\{([^}]+)}");

    record Operation(String method, String path) {
        boolean writes() {
            return !method.equals("GET");
        }
    }

    record Caller(String role, boolean national, Api api) {
        @Override
        public String toString() {
            return role + (national ? " (national)" : " (commune A)");
        }
    }

    @Test
    void noCallerReachesOutsideTheirSubtreeOrWritesWithoutTheRoleAndNothingFails() {
        TestWorld w = world();
        List<Caller> callers = new ArrayList<>();
        for (String role : ROLES) {
            callers.add(caller(w, role, true));
            callers.add(caller(w, role, false));
        }
        Api nationalEditor = callers.get(2).api();
        Api nationalOperator = callers.get(6).api();
        Map<String, String[]> objects = new LinkedHashMap<>();
        objects.put("areas", new String[] {w.villageAId(), w.villageBId()});
        objects.put("users", new String[] {id(w.operatorA()), id(w.operatorB())});
        objects.put("devices", new String[] {
            Scheduling.device(nationalOperator, w.villageAId(), "Loa A"),
            Scheduling.device(nationalOperator, w.villageBId(), "Loa B")
        });
        objects.put(
                "bulletins",
                new String[] {bulletin(nationalEditor, w.villageAId()), bulletin(nationalEditor, w.villageBId())});
        objects.put("broadcasts", new String[] {
            broadcast(nationalOperator, w.villageAId()), broadcast(nationalOperator, w.villageBId())
        });
        objects.put("relay-sources", new String[] {
            relaySource(w.provinceAdmin(), w.villageAId()), relaySource(w.provinceAdmin(), w.villageBId())
        });
        objects.put(
                "live", new String[] {live(nationalOperator, w.villageAId()), live(nationalOperator, w.villageBId())});
        // relay: an area's fallback bulletin is read and chosen by area id
        objects.put("relay-fallbacks", new String[] {w.villageAId(), w.villageBId()});
        List<String> outsideIds = objects.values().stream().map(pair -> pair[1]).toList();

        List<Operation> operations = operations();
        assertThat(operations).hasSizeGreaterThan(40);
        // Reads first, so that no delete of the writes' turn takes an object away from a read.
        operations.sort(Comparator.comparing(Operation::writes));

        List<String> violations = new ArrayList<>();
        int calls = 0;
        for (Operation operation : operations) {
            for (Caller caller : callers) {
                for (boolean outside : caller.national() ? List.of(false) : List.of(false, true)) {
                    if (outside && !PARAMETER.matcher(operation.path()).find()) {
                        continue;
                    }
                    String path = concrete(operation.path(), objects, outside);
                    Api.Response answer = call(caller.api(), operation.method(), path);
                    calls++;
                    String what = caller + " " + operation.method() + " " + path + " → " + answer.status();
                    if (answer.status() >= 500) {
                        violations.add(what + " (a server error) " + answer.body());
                    }
                    boolean success = answer.status() >= 200 && answer.status() < 300;
                    if (success && outside && knownObjectIn(operation.path(), objects)) {
                        violations.add(what + " (outside the caller's subtree)");
                    }
                    if (success && operation.writes() && !allowedToWrite(caller.role(), operation.path())) {
                        violations.add(what + " (a write the role does not allow)");
                    }
                    if (success && !caller.national() && !operation.writes()) {
                        String shown = withoutOwnRefusals(operation.path(), answer);
                        outsideIds.stream()
                                .filter(shown::contains)
                                .forEach(id -> violations.add(what + " (shows " + id + " from commune B)"));
                    }
                }
            }
        }
        assertThat(calls).isGreaterThan(500);
        assertThat(violations).isEmpty();
    }

    /**
     * The audit log records the requests a commune's own users were refused, with the ids they asked for;
     * that an id was asked for says nothing of commune B, so those records do not count as showing it.
     */
    private static String withoutOwnRefusals(String path, Api.Response answer) {
        if (!path.equals("/api/v1/audit")) {
            return answer.body();
        }
        return answer.json()
                .get("events")
                .valueStream()
                .filter(e -> !Set.of("ACCESS_DENIED", "NOT_FOUND", "REFUSALS_SUPPRESSED")
                        .contains(e.get("action").asString()))
                .map(JsonNode::toString)
                .collect(java.util.stream.Collectors.joining());
    }

    /** Which roles may succeed in changing something under a path; the rest must never get a 2xx. */
    private static boolean allowedToWrite(String role, String path) {
        if (path.equals("/api/v1/users/me/password") || path.startsWith("/api/v1/tokens")) {
            return true;
        }
        // One's own notifications and choices: every role reads and marks its own (the webhooks are an ADMIN's).
        if (path.startsWith("/api/v1/notifications/webhooks")) {
            return role.equals("ADMIN");
        }
        if (path.startsWith("/api/v1/notifications")) {
            return true;
        }
        if (path.startsWith("/api/v1/areas") || path.startsWith("/api/v1/users")) {
            return role.equals("ADMIN");
        }
        // Registering an agent version is a national ADMIN's; rolling one out, an ADMIN's or OPERATOR's.
        if (path.startsWith("/api/v1/agent-releases")) {
            return role.equals("ADMIN") || path.endsWith("/rollouts") && role.equals("OPERATOR");
        }
        if (path.startsWith("/api/v1/devices") || path.startsWith("/api/v1/broadcasts")) {
            return role.equals("ADMIN") || role.equals("OPERATOR");
        }
        // The exchange between levels: a downstream's pushes (ADMIN or OPERATOR), its pull and figures (ADMIN).
        if (path.startsWith("/api/v1/exchange/pull") || path.startsWith("/api/v1/exchange/figures/push")) {
            return role.equals("ADMIN");
        }
        if (path.startsWith("/api/v1/exchange")) {
            return role.equals("ADMIN") || role.equals("OPERATOR");
        }
        if (path.startsWith("/api/v1/relay-sources")) {
            return role.equals("ADMIN");
        }
        if (path.startsWith("/api/v1/live")) {
            return role.equals("ADMIN") || role.equals("OPERATOR");
        }
        if (path.startsWith("/api/v1/relay-fallbacks")) {
            return role.equals("ADMIN") || role.equals("OPERATOR");
        }
        if (path.startsWith("/api/v1/bulletins/categories")) {
            return role.equals("ADMIN");
        }
        if (path.endsWith("/approve") || path.endsWith("/reject")) {
            return role.equals("APPROVER");
        }
        if (path.endsWith("/archive")) {
            return !role.equals("OPERATOR") && !role.equals("VIEWER");
        }
        if (path.startsWith("/api/v1/bulletins")) {
            return role.equals("EDITOR") || role.equals("APPROVER");
        }
        return !role.equals("VIEWER");
    }

    private List<Operation> operations() {
        JsonNode paths = api.get("/v3/api-docs").json().get("paths");
        List<Operation> operations = new ArrayList<>();
        for (String path : paths.propertyNames()) {
            if (!path.startsWith("/api/")) {
                continue;
            }
            for (String method : paths.get(path).propertyNames()) {
                if (Set.of("get", "post", "put", "patch", "delete").contains(method)) {
                    operations.add(new Operation(method.toUpperCase(java.util.Locale.ROOT), path));
                }
            }
        }
        return operations;
    }

    /** Each {parameter} after /areas/, /users/… takes that kind's object; any other, an id nobody has. */
    private static String concrete(String template, Map<String, String[]> objects, boolean outside) {
        Matcher m = PARAMETER.matcher(template);
        StringBuilder path = new StringBuilder();
        while (m.find()) {
            String[] pair = objects.get(m.group(1));
            String id = pair == null ? UUID.randomUUID().toString() : pair[outside ? 1 : 0];
            m.appendReplacement(path, Matcher.quoteReplacement("/" + m.group(1) + "/" + id));
        }
        m.appendTail(path);
        // A parameter right after another (/figures/{areaCode}/{day}) names no kind: a day for a day, else an id.
        return path.toString()
                .replace("{day}", java.time.LocalDate.now().toString())
                .replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
    }

    private static boolean knownObjectIn(String template, Map<String, String[]> objects) {
        Matcher m = PARAMETER.matcher(template);
        while (m.find()) {
            if (objects.containsKey(m.group(1))) {
                return true;
            }
        }
        return false;
    }

    private static String relaySource(Api admin, String areaId) {
        Api.Response created = admin.post(
                "/api/v1/relay-sources",
                Map.of("areaId", areaId, "name", "Kênh " + areaId, "url", "https://radio.example.vn/" + areaId));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.text("id");
    }

    private static String live(Api operator, String areaId) {
        Api.Response created = operator.post("/api/v1/live", Map.of("areaIds", List.of(areaId)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("session").path("id").asString();
    }

    private static Api.Response call(Api caller, String method, String path) {
        return switch (method) {
            case "GET" -> caller.get(path);
            case "DELETE" -> caller.delete(path);
            case "PATCH" -> caller.patch(path, Map.of());
            default -> caller.post(path, "{}");
        };
    }

    /** A user of one role, national or in commune A, calling with a personal token (no password hashing per call). */
    private Caller caller(TestWorld w, String role, boolean national) {
        String username =
                "m" + role.substring(0, 3).toLowerCase(java.util.Locale.ROOT) + (national ? "n" : "a") + w.suffix();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("username", username);
        body.put("password", TestWorld.PASSWORD);
        body.put("roles", List.of(role));
        body.put("areaId", national ? null : w.communeAId());
        Api.Response created = admin.post("/api/v1/users", body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String token = admin.as(username, TestWorld.PASSWORD)
                .post("/api/v1/tokens", Map.of("name", "matrix"))
                .text("token");
        return new Caller(role, national, api.bearer(token));
    }

    private static String id(Api user) {
        return user.get("/api/v1/users/me").text("id");
    }

    private static String bulletin(Api editor, String areaId) {
        Api.Response created = editor.post(
                "/api/v1/bulletins", Map.of("title", "Tin ma trận", "category", "thoi-su", "areaId", areaId));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.text("id");
    }

    private static String broadcast(Api operator, String areaId) {
        Map<String, Object> body =
                Scheduling.relaying("PT30M", List.of(areaId), Scheduling.once(Scheduling.at(3, "06:00")));
        body.put("areaId", areaId);
        return Scheduling.create(operator, body).get("id").asString();
    }
}
