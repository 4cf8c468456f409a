package org.openloa.cms.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A poll read as bytes by the fast listener: the credential's memo key and the If-None-Match compare work on the
 * head's bytes, and must say exactly what the Strings said.
 */
class PollReadAsBytesTest {

    private static final String CREDENTIAL = "oled_ABCDEFGHJKLMNPQRSTUVWXYZabcdefghjkmnpqrs"; // 45 bytes, as issued

    @Test
    void aCredentialIsTheSameKeyOnlyForTheSameBytesWhereverItLiesInTheHead() {
        byte[] head = ("GET /edge/v1/manifest HTTP/1.1\r\nAuthorization: Bearer " + CREDENTIAL + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        int from = indexOf(head, CREDENTIAL);
        ManifestHotPath.Presented inHead = ManifestHotPath.Presented.of(head, from, from + CREDENTIAL.length());
        ManifestHotPath.Presented alone = of(CREDENTIAL);
        assertThat(inHead).isEqualTo(alone).hasSameHashCodeAs(alone);

        // One byte changed, in each word and in the short last one: another key.
        for (int i = 0; i < CREDENTIAL.length(); i++) {
            char[] changed = CREDENTIAL.toCharArray();
            changed[i] = changed[i] == 'x' ? 'y' : 'x';
            assertThat(of(new String(changed))).as("byte " + i).isNotEqualTo(alone);
        }
        // A byte fewer, or a zero byte more (the words alike): another key.
        assertThat(of(CREDENTIAL.substring(0, 44))).isNotEqualTo(alone);
        assertThat(of(CREDENTIAL.substring(0, 40) + "\0")).isNotEqualTo(of(CREDENTIAL.substring(0, 40)));
        assertThat(of("")).isEqualTo(of("")).isNotEqualTo(of("\0"));
        // Longer than any device's credential: not remembered (hashed on every poll instead).
        assertThat(ManifestHotPath.Presented.of(new byte[49], 0, 49)).isNull();
        assertThat(ManifestHotPath.Presented.of(new byte[48], 0, 48)).isNotNull();
    }

    @Test
    void ifNoneMatchReadAsBytesMatchesAsTheStringDoes() {
        CachedManifest manifest = new CachedManifest(
                UUID.randomUUID(),
                "hash",
                7,
                1L,
                "\"m-7-202612060400\"",
                new byte[0],
                new byte[0],
                ZoneOffset.UTC,
                Map.of(),
                Set.of());
        for (String header : new String[] {
            "\"m-7-202612060400\"",
            "W/\"m-7-202612060400\"",
            "\"m-6-202612060400\", \"m-7-202612060400\"",
            "*",
            "\"m-7-202612060300\"",
            "\"m-7-202612060400",
            "m-7-202612060400",
            "\"m-7-202612060400\"x",
            ""
        }) {
            byte[] head = ("If-None-Match: " + header + "\r\n").getBytes(StandardCharsets.US_ASCII);
            int from = "If-None-Match: ".length();
            assertThat(manifest.matches(head, from, from + header.length()))
                    .as(header)
                    .isEqualTo(manifest.matches(header));
        }
        assertThat(manifest.matches("\"m-7-202612060400\"")).isTrue();
        assertThat(manifest.matches("\"m-7-202612060300\"")).isFalse();
        assertThat(manifest.matches(new byte[0], -1, -1)).as("no header").isFalse();
    }

    private static ManifestHotPath.Presented of(String credential) {
        byte[] bytes = credential.getBytes(StandardCharsets.ISO_8859_1);
        return ManifestHotPath.Presented.of(bytes, 0, bytes.length);
    }

    private static int indexOf(byte[] haystack, String needle) {
        return new String(haystack, StandardCharsets.ISO_8859_1).indexOf(needle);
    }
}
