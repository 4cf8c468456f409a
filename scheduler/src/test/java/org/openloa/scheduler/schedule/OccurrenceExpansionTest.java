package org.openloa.scheduler.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openloa.scheduler.Fixtures.LONDON;
import static org.openloa.scheduler.Fixtures.NEW_YORK;
import static org.openloa.scheduler.Fixtures.VIETNAM;
import static org.openloa.scheduler.Fixtures.WEEKDAYS;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.openloa.scheduler.Window;

class OccurrenceExpansionTest {

    @Test
    void weekdaysAt0600And1730From8To19March2027InVietnamGiveExactly20SlotsWhateverTheJvmZone() {
        TimeZone jvmZone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
        try {
            assertThat(ZoneId.systemDefault()).isEqualTo(NEW_YORK);
            Recurring schedule = new Recurring(
                    WEEKDAYS,
                    Set.of(),
                    List.of(LocalTime.of(6, 0), LocalTime.of(17, 30)),
                    LocalDate.of(2027, 3, 8),
                    LocalDate.of(2027, 3, 19),
                    Set.of());
            // The window spans New York's change of clocks on 14 March 2027.
            Window march = new Window(Instant.parse("2027-03-01T00:00:00Z"), Instant.parse("2027-04-01T00:00:00Z"));

            List<OffsetDateTime> slots = schedule.occurrences(VIETNAM, march).stream()
                    .map(instant -> instant.atZone(VIETNAM).toOffsetDateTime())
                    .toList();

            assertThat(slots).hasSize(20);
            assertThat(slots).allSatisfy(slot -> {
                assertThat(slot.getOffset()).isEqualTo(ZoneOffset.ofHours(7));
                assertThat(slot.toLocalTime()).isIn(LocalTime.of(6, 0), LocalTime.of(17, 30));
                assertThat(slot.getDayOfWeek()).isIn(WEEKDAYS);
            });
            assertThat(slots.get(0)).isEqualTo(OffsetDateTime.parse("2027-03-08T06:00+07:00"));
            assertThat(slots.get(19)).isEqualTo(OffsetDateTime.parse("2027-03-19T17:30+07:00"));
        } finally {
            TimeZone.setDefault(jvmZone);
        }
    }

    @Test
    void inNewYorkASlotInTheSpringForwardGapMovesForwardByTheGapLength() {
        // 14 March 2027: New York's clocks jump from 02:00 EST to 03:00 EDT; 02:30 does not exist.
        Recurring daily = Recurring.daily(LocalDate.of(2027, 3, 13), LocalDate.of(2027, 3, 15), LocalTime.of(2, 30));

        assertThat(inZone(daily.occurrences(NEW_YORK, wholeYear()), NEW_YORK))
                .containsExactly(
                        OffsetDateTime.parse("2027-03-13T02:30-05:00"),
                        OffsetDateTime.parse("2027-03-14T03:30-04:00"),
                        OffsetDateTime.parse("2027-03-15T02:30-04:00"));
    }

    @Test
    void inNewYorkASlotInTheFallBackOverlapPlaysOnceAtItsFirstPass() {
        // 7 November 2027: clocks go back from 02:00 EDT to 01:00 EST; 01:30 happens twice.
        Recurring daily = Recurring.daily(LocalDate.of(2027, 11, 6), LocalDate.of(2027, 11, 8), LocalTime.of(1, 30));

        assertThat(inZone(daily.occurrences(NEW_YORK, wholeYear()), NEW_YORK))
                .containsExactly(
                        OffsetDateTime.parse("2027-11-06T01:30-04:00"),
                        OffsetDateTime.parse("2027-11-07T01:30-04:00"),
                        OffsetDateTime.parse("2027-11-08T01:30-05:00"));
    }

    @Test
    void inLondonASlotInTheSpringForwardGapMovesForwardByTheGapLength() {
        // 28 March 2027: London jumps from 01:00 GMT to 02:00 BST.
        Recurring daily = Recurring.daily(LocalDate.of(2027, 3, 28), LocalDate.of(2027, 3, 29), LocalTime.of(1, 30));

        assertThat(daily.occurrences(LONDON, wholeYear()))
                .containsExactly(
                        Instant.parse("2027-03-28T01:30:00Z"), // 02:30 BST
                        Instant.parse("2027-03-29T00:30:00Z")); // 01:30 BST
    }

    @Test
    void inLondonASlotInTheFallBackOverlapPlaysOnceAtItsFirstPass() {
        // 31 October 2027: London goes back from 02:00 BST to 01:00 GMT.
        Recurring daily = Recurring.daily(LocalDate.of(2027, 10, 31), LocalDate.of(2027, 10, 31), LocalTime.of(1, 30));

        assertThat(inZone(daily.occurrences(LONDON, wholeYear()), LONDON))
                .containsExactly(OffsetDateTime.parse("2027-10-31T01:30+01:00"));
    }

    @Test
    void twoSlotsThatTheGapShiftMakesMeetPlayOnce() {
        Recurring daily = Recurring.daily(
                LocalDate.of(2027, 3, 14), LocalDate.of(2027, 3, 14), LocalTime.of(2, 30), LocalTime.of(3, 30));

        assertThat(inZone(daily.occurrences(NEW_YORK, wholeYear()), NEW_YORK))
                .containsExactly(OffsetDateTime.parse("2027-03-14T03:30-04:00"));
    }

    @Test
    void aShiftedSlotKeepsTheOccurrencesInOrder() {
        Recurring daily = Recurring.daily(
                LocalDate.of(2027, 3, 14), LocalDate.of(2027, 3, 14), LocalTime.of(2, 30), LocalTime.of(3, 15));

        assertThat(inZone(daily.occurrences(NEW_YORK, wholeYear()), NEW_YORK))
                .containsExactly(
                        OffsetDateTime.parse("2027-03-14T03:15-04:00"), OffsetDateTime.parse("2027-03-14T03:30-04:00"));
    }

    @Test
    void theLocalTimeStaysPutWhenTheClocksChange() {
        Recurring daily = Recurring.daily(LocalDate.of(2027, 3, 12), LocalDate.of(2027, 3, 16), LocalTime.of(6, 0));

        List<OffsetDateTime> slots = inZone(daily.occurrences(NEW_YORK, wholeYear()), NEW_YORK);

        assertThat(slots).extracting(OffsetDateTime::toLocalTime).containsOnly(LocalTime.of(6, 0));
        assertThat(slots)
                .extracting(OffsetDateTime::getOffset)
                .containsExactly(
                        ZoneOffset.ofHours(-5),
                        ZoneOffset.ofHours(-5),
                        ZoneOffset.ofHours(-4),
                        ZoneOffset.ofHours(-4),
                        ZoneOffset.ofHours(-4));
    }

    @Test
    void aWindowAcrossMidnightHoldsTheLateSlotAndTheNextDaysEarlySlot() {
        Recurring daily = Recurring.daily(LocalDate.of(2027, 3, 1), null, LocalTime.of(0, 30), LocalTime.of(23, 30));
        Window night = new Window(local("2027-03-08T22:00", VIETNAM), local("2027-03-09T02:00", VIETNAM));

        assertThat(daily.occurrences(VIETNAM, night))
                .containsExactly(local("2027-03-08T23:30", VIETNAM), local("2027-03-09T00:30", VIETNAM));
    }

    @Test
    void theWindowIsHalfOpen() {
        Recurring daily = Recurring.daily(LocalDate.of(2027, 3, 1), null, LocalTime.of(6, 0));
        Window window = new Window(local("2027-03-08T06:00", VIETNAM), local("2027-03-09T06:00", VIETNAM));

        assertThat(daily.occurrences(VIETNAM, window)).containsExactly(local("2027-03-08T06:00", VIETNAM));
    }

    @Test
    void exceptDatesSkipTheTetHolidays() {
        // Tết Đinh Mùi: 6 February 2027; the holiday runs 5..9 February.
        Set<LocalDate> tet = Set.of(
                LocalDate.of(2027, 2, 5),
                LocalDate.of(2027, 2, 6),
                LocalDate.of(2027, 2, 7),
                LocalDate.of(2027, 2, 8),
                LocalDate.of(2027, 2, 9));
        Recurring daily = new Recurring(
                Set.of(),
                Set.of(),
                List.of(LocalTime.of(6, 0)),
                LocalDate.of(2027, 2, 1),
                LocalDate.of(2027, 2, 12),
                tet);

        List<LocalDate> days = inZone(daily.occurrences(VIETNAM, wholeYear()), VIETNAM).stream()
                .map(OffsetDateTime::toLocalDate)
                .toList();

        assertThat(days).hasSize(7).doesNotContainAnyElementsOf(tet);
    }

    @Test
    void daysOfMonthGiveThoseDaysEveryMonth() {
        Recurring firstAndFifteenth = new Recurring(
                Set.of(),
                Set.of(1, 15),
                List.of(LocalTime.of(7, 0)),
                LocalDate.of(2027, 1, 1),
                LocalDate.of(2027, 4, 30),
                Set.of());

        assertThat(inZone(firstAndFifteenth.occurrences(VIETNAM, wholeYear()), VIETNAM))
                .extracting(OffsetDateTime::toLocalDate)
                .containsExactly(
                        LocalDate.of(2027, 1, 1),
                        LocalDate.of(2027, 1, 15),
                        LocalDate.of(2027, 2, 1),
                        LocalDate.of(2027, 2, 15),
                        LocalDate.of(2027, 3, 1),
                        LocalDate.of(2027, 3, 15),
                        LocalDate.of(2027, 4, 1),
                        LocalDate.of(2027, 4, 15));
    }

    @Test
    void theThirtyFirstIsAbsentFromMonthsWithoutIt() {
        Recurring thirtyFirst = new Recurring(
                Set.of(),
                Set.of(31),
                List.of(LocalTime.of(7, 0)),
                LocalDate.of(2027, 1, 1),
                LocalDate.of(2027, 6, 30),
                Set.of());

        assertThat(inZone(thirtyFirst.occurrences(VIETNAM, wholeYear()), VIETNAM))
                .extracting(OffsetDateTime::toLocalDate)
                .containsExactly(LocalDate.of(2027, 1, 31), LocalDate.of(2027, 3, 31), LocalDate.of(2027, 5, 31));
    }

    @Test
    void weekdaysAndDaysOfMonthTogetherMeanEitherOne() {
        Recurring mondaysAndTheTenth = new Recurring(
                Set.of(DayOfWeek.MONDAY),
                Set.of(10),
                List.of(LocalTime.of(7, 0)),
                LocalDate.of(2027, 3, 1),
                LocalDate.of(2027, 3, 31),
                Set.of());

        assertThat(inZone(mondaysAndTheTenth.occurrences(VIETNAM, wholeYear()), VIETNAM))
                .extracting(o -> o.toLocalDate().getDayOfMonth())
                .containsExactly(1, 8, 10, 15, 22, 29);
    }

    @Test
    void nextOccurrenceSkipsExceptDatesAndReadsTheDayInTheAreaZone() {
        Recurring daily = new Recurring(
                Set.of(),
                Set.of(),
                List.of(LocalTime.of(6, 0)),
                LocalDate.of(2027, 2, 1),
                null,
                Set.of(LocalDate.of(2027, 2, 6)));

        assertThat(daily.nextOccurrence(VIETNAM, local("2027-02-05T06:00:01", VIETNAM)))
                .contains(local("2027-02-07T06:00", VIETNAM));
        assertThat(daily.nextOccurrence(VIETNAM, local("2027-02-05T06:00", VIETNAM)))
                .contains(local("2027-02-05T06:00", VIETNAM));
    }

    @Test
    void nextOccurrenceIsEmptyAfterTheEndDate() {
        Recurring daily = Recurring.daily(LocalDate.of(2027, 3, 1), LocalDate.of(2027, 3, 2), LocalTime.of(6, 0));

        assertThat(daily.nextOccurrence(VIETNAM, local("2027-03-02T06:00:01", VIETNAM)))
                .isEmpty();
    }

    @Test
    void aOnceScheduleIsTheSameInstantInEveryZone() {
        Once once = new Once(OffsetDateTime.parse("2027-03-10T06:00:00+07:00"));

        assertThat(once.occurrences(VIETNAM, wholeYear()))
                .isEqualTo(once.occurrences(NEW_YORK, wholeYear()))
                .containsExactly(Instant.parse("2027-03-09T23:00:00Z"));
    }

    private static Window wholeYear() {
        return new Window(Instant.parse("2026-12-31T00:00:00Z"), Instant.parse("2028-01-02T00:00:00Z"));
    }

    private static Instant local(String localDateTime, ZoneId zone) {
        return LocalDateTime.parse(localDateTime).atZone(zone).toInstant();
    }

    private static List<OffsetDateTime> inZone(List<Instant> instants, ZoneId zone) {
        return instants.stream().map(i -> i.atZone(zone).toOffsetDateTime()).toList();
    }
}
