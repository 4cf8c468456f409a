package org.openloa.cms.audit.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.ResourceBundleMessageSource;

/** Details as the log stores them, read by a Vietnamese and an English reader, with the server's own messages. */
class AuditWordsTest {

    static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");
    static final Locale VI = Locale.forLanguageTag("vi");
    static final Locale EN = Locale.ENGLISH;

    final AuditWords words = new AuditWords(messages());

    @Test
    void codesInBracketsBecomeWords() {
        assertThat(words.detail("BROADCAST_CREATED", "Tin bão [EMERGENCY, ACTIVE]", VIETNAM, VI))
                .isEqualTo("Tin bão (Khẩn cấp, Đang áp dụng)");
        assertThat(words.detail("BROADCAST_CREATED", "Tin bão [EMERGENCY, ACTIVE]", VIETNAM, EN))
                .isEqualTo("Tin bão (Emergency, Active)");
    }

    @Test
    void aDetailThatIsOneWordIsSaidInFull() {
        assertThat(words.detail("LOGIN", "form", VIETNAM, VI)).isEqualTo("bằng tên đăng nhập và mật khẩu");
        assertThat(words.detail("LOGIN", "form", VIETNAM, EN)).isEqualTo("with username and password");
        assertThat(words.detail("LOGIN_FAILED", "BadCredentialsException", VIETNAM, VI))
                .isEqualTo("sai tên đăng nhập hoặc mật khẩu");
        // The same text as a title is a title.
        assertThat(words.detail("BULLETIN_CREATED", "form", VIETNAM, VI)).isEqualTo("form");
    }

    @Test
    void instantsAreShownInTheZoneToTheSecondWithoutDecimals() {
        assertThat(words.detail("DEVICE_ENROLLMENT_CODE", "valid until 2027-03-08T06:00:00.123456789Z", VIETNAM, VI))
                .isEqualTo("có hiệu lực đến 08/03/2027 13:00:00");
        assertThat(words.detail("DEVICE_OFFLINE", "Loa chợ last seen 2027-03-08T06:00:05Z", VIETNAM, EN))
                .isEqualTo("Loa chợ · last seen 08/03/2027 13:00:05");
    }

    @Test
    void connectingWordsAndCodesInTextAreTranslated() {
        assertThat(words.detail("USER_UPDATED", "opa1 [OPERATOR] disabled password changed", VIETNAM, VI))
                .isEqualTo("opa1 (Cán bộ vận hành xã) · đã khoá · đã đổi mật khẩu");
        assertThat(words.detail("EMERGENCY_RAISED", "Bão số 3 · EMERGENCY · Xã An · SPEECH+RECORDING", VIETNAM, VI))
                .isEqualTo("Bão số 3 · Khẩn cấp · Xã An · giọng đọc tự động + bản ghi âm");
        assertThat(words.detail("AREA_IMPORT_REFUSED", "3 of 10 lines refused", VIETNAM, VI))
                .isEqualTo("từ chối 3 trên 10 dòng");
        assertThat(words.detail("DEVICE_COMMAND", "SET_VOLUME {volume=55}", VIETNAM, EN))
                .isEqualTo("set the volume {volume=55}");
        // Upper-case words that are no code of ours stay as written.
        assertThat(words.detail("BULLETIN_CREATED", "Thông báo của UBND xã", VIETNAM, VI))
                .isEqualTo("Thông báo của UBND xã");
        assertThat(words.detail("BULLETIN_CREATED", null, VIETNAM, VI)).isNull();
    }

    @Test
    void actionsAreNamedNeverCoded() {
        assertThat(words.action("BULLETIN_APPROVED", VI)).isEqualTo("Duyệt bản tin");
        assertThat(words.action("BULLETIN_APPROVED", EN)).isEqualTo("Bulletin approved");
    }

    static ResourceBundleMessageSource messages() {
        ResourceBundleMessageSource source = new ResourceBundleMessageSource();
        source.setBasenames("i18n/messages", "i18n/scheduling", "i18n/devices", "i18n/edge");
        source.setDefaultEncoding("UTF-8");
        source.setFallbackToSystemLocale(false);
        return source;
    }
}
