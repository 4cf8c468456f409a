package org.openloa.scheduler.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Times of day as a commune officer types them, and the reason given for those that are not times. */
class TimeOfDayTest {

    @ParameterizedTest(name = "\"{0}\" is {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "6h30|06:30",
                "17h|17:00",
                "17h05|17:05",
                "17H05|17:05",
                "6:30|06:30",
                "06:30|06:30",
                "06:30:15|06:30:15",
                "0h|00:00",
                "23h59|23:59",
                "6g30|06:30",
                "6 giờ 30|06:30",
                "6 giờ|06:00",
                "6h30p|06:30",
                "' 17h '|17:00"
            })
    void readsTheWaysPeopleWriteATime(String text, String expected) {
        assertThat(TimeOfDay.parse(text)).isEqualTo(LocalTime.parse(expected));
    }

    @ParameterizedTest(name = "\"{0}\" is refused: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "25h|HOUR_OUT_OF_RANGE",
                "24:00|HOUR_OUT_OF_RANGE",
                "6h70|MINUTE_OUT_OF_RANGE",
                "6:60|MINUTE_OUT_OF_RANGE",
                "abc|NOT_A_TIME",
                "''|NOT_A_TIME",
                "17|NOT_A_TIME",
                "6h5|NOT_A_TIME",
                "6:3|NOT_A_TIME",
                "-6h|NOT_A_TIME",
                "6h30 sáng|NOT_A_TIME",
                "06:30:61|NOT_A_TIME"
            })
    void saysWhyATextIsNotATime(String text, TimeOfDay.Fault fault) {
        assertThatThrownBy(() -> TimeOfDay.parse(text)).isInstanceOfSatisfying(TimeOfDay.Unreadable.class, e -> {
            assertThat(e.fault()).isEqualTo(fault);
            assertThat(e.text()).isEqualTo(text.strip());
        });
    }

    @org.junit.jupiter.api.Test
    void nothingIsNotATime() {
        assertThatThrownBy(() -> TimeOfDay.parse(null))
                .isInstanceOfSatisfying(
                        TimeOfDay.Unreadable.class, e -> assertThat(e.fault()).isEqualTo(TimeOfDay.Fault.NOT_A_TIME));
    }

    @org.junit.jupiter.api.Test
    void writesBackOnTheTwentyFourHourClock() {
        assertThat(TimeOfDay.format(TimeOfDay.parse("6h30"))).isEqualTo("06:30");
        assertThat(TimeOfDay.format(TimeOfDay.parse("17h"))).isEqualTo("17:00");
    }
}
