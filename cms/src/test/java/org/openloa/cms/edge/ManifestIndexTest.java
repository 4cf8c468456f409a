package org.openloa.cms.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The race behind the 304s a woken box got in bench/fleet: a manifest build that read the plan version before a
 * change committed finishes after the commit dropped the device, and must not be kept for the next poll.
 */
class ManifestIndexTest {

    final ManifestIndex index = new ManifestIndex(null, null, Clock.systemUTC());
    final UUID device = UUID.randomUUID();

    @Test
    void aBuildThatBeganBeforeTheDeviceWasForgottenIsNotKept() {
        long ticket = index.ticket();
        CachedManifest old = manifest(7);

        index.forget(device); // the change commits while the build runs
        index.put(old, ticket);

        assertThat(index.of(device)).as("the build from before the commit").isNull();
        assertThat(index.byCredential("hash-1")).isNull();
    }

    @Test
    void aBuildThatBeganAfterwardsIsKept() {
        index.forget(device);
        long ticket = index.ticket();
        CachedManifest fresh = manifest(8);

        index.put(fresh, ticket);

        assertThat(index.of(device)).isSameAs(fresh);
        assertThat(index.byCredential("hash-1")).isSameAs(fresh);
    }

    @Test
    void anotherDevicesChangeDoesNotDropThisOne() {
        long ticket = index.ticket();
        CachedManifest mine = manifest(3);

        index.forget(UUID.randomUUID());
        index.put(mine, ticket);

        assertThat(index.of(device)).isSameAs(mine);
    }

    /** The memo sweep walks only when this count has moved: every way a held manifest comes or goes moves it. */
    @Test
    void everyChangeOfWhatIsHeldMovesTheCountOnAndNothingElseDoes() {
        long start = index.changes();
        index.forget(device); // nothing held yet: nothing changes
        assertThat(index.changes()).isEqualTo(start);

        CachedManifest first = manifest(3);
        index.put(first, index.ticket());
        long afterPut = index.changes();
        assertThat(afterPut).isGreaterThan(start);
        assertThat(index.byCredential("hash-1")).isSameAs(first);
        assertThat(index.changes()).as("a read").isEqualTo(afterPut);

        index.put(manifest(4), index.ticket()); // replaced
        long afterReplace = index.changes();
        assertThat(afterReplace).isGreaterThan(afterPut);

        index.forget(device); // dropped by a commit
        assertThat(index.changes()).isGreaterThan(afterReplace);
    }

    /** What a poll answered from a credential's memo asks, without a look-up by device. */
    @Test
    void aManifestIsHeldFromItsPutUntilItIsReplacedDroppedOrForgotten() {
        CachedManifest first = manifest(3);
        assertThat(index.holds(first)).as("never put").isFalse();
        index.put(first, index.ticket());
        assertThat(index.holds(first)).isTrue();

        CachedManifest second = manifest(4);
        index.put(second, index.ticket());
        assertThat(index.holds(first)).as("replaced").isFalse();
        assertThat(index.holds(second)).isTrue();

        index.forget(device);
        assertThat(index.holds(second)).as("forgotten on a commit").isFalse();
        assertThat(index.of(device)).isNull();

        long ticket = index.ticket();
        index.forget(device);
        CachedManifest late = manifest(5);
        index.put(late, ticket); // built before the last commit: not kept
        assertThat(index.of(device)).isNull();
        assertThat(index.holds(late)).isFalse();

        CachedManifest rebuilt = manifest(5);
        index.put(rebuilt, index.ticket());
        assertThat(index.holds(rebuilt)).isTrue();
        assertThat(index.byCredential("hash-1")).isSameAs(rebuilt);
    }

    private CachedManifest manifest(long version) {
        return new CachedManifest(
                device,
                "hash-1",
                version,
                1L,
                "\"m-" + version + "\"",
                new byte[0],
                new byte[0],
                ZoneOffset.UTC,
                Map.of(),
                Set.of());
    }
}
