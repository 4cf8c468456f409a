package org.openloa.cms.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openloa.cms.Api;
import org.openloa.cms.TestWorld;
import org.openloa.cms.TwoNodes;
import org.openloa.cms.edge.fast.FastListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two cms nodes (two application contexts in one JVM) on one database, each with its fast listener: a box's
 * credential answered from memory on both, then retired through one node, is refused by that node's fast listener
 * at once and by the other's as soon as its index reads the change from device_plan; neither keeps answering from
 * the credential it remembered. On PostgreSQL with {@code -Dopenloa.test.database=postgresql}, else on one H2
 * database in memory that both nodes open.
 */
class FastListenerTwoNodesTest {

    static final String S = Long.toString(System.nanoTime() % 1_000_000_000L, 36);

    static TwoNodes nodes;
    static ConfigurableApplicationContext one;
    static ConfigurableApplicationContext two;
    static Api adminOne;
    static Api adminTwo;
    static String commune;

    @BeforeAll
    static void start() {
        nodes = TwoNodes.start(
                "fast_two",
                "fast-two-secret-1234",
                List.of("--openloa.edge.fast-port=0"),
                List.of("--openloa.edge.fast-port=0"));
        one = nodes.one;
        two = nodes.two;
        adminOne = nodes.admin(one);
        adminTwo = nodes.admin(two);
        String province = TestWorld.area(adminOne, "FT" + S, "Tỉnh Nhanh " + S, "province", null);
        commune = TestWorld.area(adminOne, "FT" + S + "-A", "Xã Nhanh", "commune", province);
    }

    static int port(ConfigurableApplicationContext node) {
        return TwoNodes.port(node);
    }

    static Api fast(ConfigurableApplicationContext node) {
        return new Api(node.getBean(FastListener.class).port());
    }

    @AfterAll
    static void stop() {
        if (nodes != null) {
            nodes.close();
        }
    }

    @Test
    void aRetiredCredentialIsRefusedByTheFastListenersOfBothNodes() {
        FastListenerTest.Box box = FastListenerTest.enrol(adminOne, commune, fast(one), new Api(port(one)));
        String credential = box.credential();
        Api boxOnOne = fast(one).bearer(credential);
        Api boxOnTwo = fast(two).bearer(credential);

        // Each node builds the manifest at its first poll, then answers from memory: the same manifest.
        String etag =
                boxOnOne.get("/edge/v1/manifest").headers().firstValue("ETag").orElseThrow();
        assertThat(boxOnTwo.get("/edge/v1/manifest").headers().firstValue("ETag"))
                .contains(etag);
        for (ConfigurableApplicationContext node : List.of(one, two)) {
            ManifestHotPath hotPath = node.getBean(ManifestHotPath.class);
            long before = hotPath.notModified.sum();
            assertThat(fast(node)
                            .bearer(credential)
                            .get("/edge/v1/manifest", "If-None-Match", etag)
                            .status())
                    .isEqualTo(304);
            assertThat(hotPath.notModified.sum()).isEqualTo(before + 1);
            assertThat(hotPath.remembers(credential)).isTrue();
        }

        // Retired through node two: its own fast listener refuses the credential at once.
        assertThat(adminTwo.delete("/api/v1/devices/" + box.id()).status()).isEqualTo(200);
        assertThat(boxOnTwo.get("/edge/v1/manifest", "If-None-Match", etag).status())
                .isEqualTo(401);

        // Node one learns it from device_plan (its refresh, once a second): from then on, 401 and never a 304.
        FastListenerTest.eventually(
                () -> boxOnOne.get("/edge/v1/manifest", "If-None-Match", etag).status() == 401);
        assertThat(boxOnOne.get("/edge/v1/manifest", "If-None-Match", etag).status())
                .isEqualTo(401);
        assertThat(boxOnOne.get("/edge/v1/manifest").status()).isEqualTo(401);
        for (ConfigurableApplicationContext node : List.of(one, two)) {
            ManifestHotPath hotPath = node.getBean(ManifestHotPath.class);
            hotPath.forgetUnknown();
            assertThat(hotPath.remembers(credential)).isFalse();
        }
    }
}
