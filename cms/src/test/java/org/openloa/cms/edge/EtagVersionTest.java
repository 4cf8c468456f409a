package org.openloa.cms.edge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The plan version read back from a box's If-None-Match: only our own ETags count, anything else is no version. */
class EtagVersionTest {

    @Test
    void ourEtagsGiveTheirPlanVersion() {
        assertThat(CachedManifest.versionIn("\"m-7-202612060900\"")).isEqualTo(7);
        assertThat(CachedManifest.versionIn("W/\"m-42-202612060900\"")).isEqualTo(42);
        assertThat(CachedManifest.versionIn("\"m-0-202612060900\"")).isZero();
    }

    @Test
    void anythingElseIsNoVersion() {
        assertThat(CachedManifest.versionIn("*")).isEqualTo(-1);
        assertThat(CachedManifest.versionIn("")).isEqualTo(-1);
        assertThat(CachedManifest.versionIn("\"m-\"")).isEqualTo(-1);
        assertThat(CachedManifest.versionIn("\"m--202612060900\"")).isEqualTo(-1);
        assertThat(CachedManifest.versionIn("\"m-7\"")).isEqualTo(-1);
        assertThat(CachedManifest.versionIn("\"m-7x-1\"")).isEqualTo(-1);
        assertThat(CachedManifest.versionIn("m-7-202612060900")).isEqualTo(-1);
        assertThat(CachedManifest.versionIn("\"x-7-202612060900\"")).isEqualTo(-1);
        assertThat(CachedManifest.versionIn("\"m-1234567890123456789-1\"")).isEqualTo(-1);
    }
}
