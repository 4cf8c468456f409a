package org.openloa.media.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MediaKeyTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "../etc/passwd",
                "a/../../b",
                "/etc/passwd",
                "a//b",
                "a/",
                ".hidden",
                "a/.",
                "..\\windows",
                "C:\\media",
                "bản tin.mp3",
                "a b.mp3",
                "%2e%2e/x",
                "a/./b",
                "．．/x",
                ""
            })
    void keysThatCouldLeaveTheRootOrAreNotPlainAsciiAreRefused(String unsafe) {
        assertThatThrownBy(() -> MediaKey.of(unsafe)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.mp3", "bulletins/3f2a-19/delivery.mp3", "x_1/Y-2/z.tar.gz"})
    void plainRelativeKeysAreAccepted(String safe) {
        assertThat(MediaKey.of(safe).value()).isEqualTo(safe);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "Bản tin sáng số 2.MP3          | ban-tin-sang-so-2.mp3",
                "Thông báo khẩn - Đài xã.m4a    | thong-bao-khan-dai-xa.m4a",
                "../../etc/passwd               | etc-passwd",
                "/var/lib/x.wav                 | var-lib-x.wav",
                "...                            | file",
                "Ưu tiên  ổn định   .ogg        | uu-tien-on-dinh.ogg",
                "C:\\Users\\Lan\\ghi âm 01.amr  | c-users-lan-ghi-am-01.amr"
            })
    void userFileNamesBecomeOneSafeSegment(String name, String expected) {
        String safe = MediaKey.safeName(name);

        assertThat(safe).isEqualTo(expected);
        assertThat(MediaKey.of("uploads", safe).fileName()).isEqualTo(expected);
    }
}
