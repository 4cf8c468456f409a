package org.openloa.cms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A province with communes A and B (each with a village), and users: a province admin, an operator and
 * an admin of commune A, an operator of commune B. Codes and names are unique per world, so tests
 * sharing one server never see each other's data by accident.
 */
public record TestWorld(
        String suffix,
        String provinceId,
        String communeAId,
        String villageAId,
        String communeBId,
        String villageBId,
        Api provinceAdmin,
        Api operatorA,
        Api adminA,
        Api operatorB) {

    public static final String PASSWORD = "a-long-test-password";
    private static final AtomicInteger COUNTER = new AtomicInteger();

    static TestWorld build(Api nationalAdmin) {
        String s = Long.toString(System.nanoTime() % 1_000_000_000L, 36) + COUNTER.incrementAndGet();
        String province = area(nationalAdmin, "P" + s, "Tỉnh Thử " + s, "province", null);
        String communeA = area(nationalAdmin, "P" + s + "-A", "Xã An " + s, "commune", province);
        String villageA = area(nationalAdmin, "P" + s + "-A1", "Thôn 1 An " + s, "village", communeA);
        String communeB = area(nationalAdmin, "P" + s + "-B", "Xã Bình " + s, "commune", province);
        String villageB = area(nationalAdmin, "P" + s + "-B1", "Thôn 1 Bình " + s, "village", communeB);
        return new TestWorld(
                s,
                province,
                communeA,
                villageA,
                communeB,
                villageB,
                user(nationalAdmin, "padmin" + s, "ADMIN", province),
                user(nationalAdmin, "opa" + s, "OPERATOR", communeA),
                user(nationalAdmin, "adma" + s, "ADMIN", communeA),
                user(nationalAdmin, "opb" + s, "OPERATOR", communeB));
    }

    public static String area(Api admin, String code, String name, String kind, String parentId) {
        Api.Response response = admin.post(
                "/api/v1/areas",
                parentId == null
                        ? Map.of("code", code, "name", name, "kind", kind)
                        : Map.of("code", code, "name", name, "kind", kind, "parentId", parentId));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.text("id");
    }

    public static Api user(Api admin, String username, String role, String areaId) {
        Api.Response response = admin.post(
                "/api/v1/users",
                Map.of(
                        "username",
                        username,
                        "password",
                        PASSWORD,
                        "displayName",
                        "Người dùng " + username,
                        "roles",
                        List.of(role),
                        "areaId",
                        areaId));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return admin.as(username, PASSWORD);
    }
}
