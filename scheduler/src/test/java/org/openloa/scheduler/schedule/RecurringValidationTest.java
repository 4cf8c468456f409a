package org.openloa.scheduler.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.list;
import static org.openloa.scheduler.Fixtures.VIETNAM;
import static org.openloa.scheduler.Fixtures.WEEKDAYS;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openloa.scheduler.Fixtures;
import org.openloa.scheduler.Rule;
import org.openloa.scheduler.RuleViolation;
import org.openloa.scheduler.RuleViolationException;

class RecurringValidationTest {

    private static final LocalDate START = LocalDate.of(2027, 3, 8);
    private static final LocalDate END = LocalDate.of(2027, 3, 19);
    private static final List<LocalTime> SIX = List.of(LocalTime.of(6, 0));

    @Test
    void endDateBeforeStartDateIsATypedViolationOnEndDate() {
        assertThatThrownBy(() -> new Recurring(WEEKDAYS, Set.of(), SIX, END, START, Set.of()))
                .isInstanceOf(RuleViolationException.class)
                .extracting(e -> ((RuleViolationException) e).violations(), list(RuleViolation.class))
                .extracting(RuleViolation::field, RuleViolation::rule)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("endDate", Rule.END_BEFORE_START));
    }

    @Test
    void aScheduleWithoutTimesIsRefused() {
        assertThat(rulesBroken(() -> new Recurring(WEEKDAYS, Set.of(), List.of(), START, END, Set.of())))
                .containsExactly(Rule.NO_TIMES);
    }

    @Test
    void aDayOfMonthOutsideOneToThirtyOneIsRefused() {
        assertThat(rulesBroken(() -> new Recurring(Set.of(), Set.of(0, 15, 32), SIX, START, null, Set.of())))
                .containsExactly(Rule.DAY_OF_MONTH_OUT_OF_RANGE, Rule.DAY_OF_MONTH_OUT_OF_RANGE);
    }

    @Test
    void aMissingStartDateIsRefused() {
        assertThat(rulesBroken(() -> new Recurring(WEEKDAYS, Set.of(), SIX, null, END, Set.of())))
                .containsExactly(Rule.MISSING_VALUE);
    }

    @Test
    void everyBrokenRuleIsReportedAtOnceSoTheFormCanMarkAllFields() {
        assertThat(rulesBroken(() -> new Recurring(Set.of(), Set.of(40), List.of(), END, START, Set.of())))
                .containsExactlyInAnyOrder(Rule.DAY_OF_MONTH_OUT_OF_RANGE, Rule.NO_TIMES, Rule.END_BEFORE_START);
    }

    @Test
    void aRangeInWhichNoChosenDayFallsIsRefusedAsNeverOccurring() {
        // 8..12 March 2027 is Monday..Friday: no Saturday in it.
        assertThat(rulesBroken(() -> new Recurring(
                        Set.of(DayOfWeek.SATURDAY), Set.of(), SIX, START, LocalDate.of(2027, 3, 12), Set.of())))
                .containsExactly(Rule.NEVER_OCCURS);
    }

    @Test
    void aRangeWhoseOnlyMatchingDaysAreExceptedNeverOccurs() {
        assertThat(rulesBroken(() -> new Recurring(Set.of(), Set.of(), SIX, START, START, Set.of(START))))
                .containsExactly(Rule.NEVER_OCCURS);
    }

    @Test
    void noWeekdaysAndNoDaysOfMonthMeansEveryDay() {
        Recurring daily = new Recurring(null, null, SIX, START, END, null);

        assertThat(START.datesUntil(END.plusDays(1))).allMatch(daily::occursOn);
    }

    @Test
    void timesAreSortedAndDuplicatesCollapsed() {
        Recurring schedule = new Recurring(
                WEEKDAYS,
                Set.of(),
                Arrays.asList(LocalTime.of(17, 30), LocalTime.of(6, 0), LocalTime.of(17, 30)),
                START,
                END,
                Set.of());

        assertThat(schedule.times()).containsExactly(LocalTime.of(6, 0), LocalTime.of(17, 30));
    }

    @Test
    void anEmptyEntryInAListIsRefusedNotSkipped() {
        assertThat(rulesBroken(() -> new Recurring(
                        WEEKDAYS, Set.of(), Arrays.asList(LocalTime.of(6, 0), null), START, END, Set.of())))
                .containsExactly(Rule.MISSING_VALUE);
    }

    @Test
    void onceWithoutAnInstantIsRefused() {
        assertThat(rulesBroken(() -> new Once(null))).containsExactly(Rule.MISSING_VALUE);
    }

    @Test
    void savingAOnceScheduleThatIsAlreadyPastIsRefused() {
        Clock clock = Clock.fixed(Fixtures.vn("2027-03-10T06:01"), VIETNAM);
        Once once = new Once(OffsetDateTime.parse("2027-03-10T06:00:00+07:00"));

        assertThat(once.checkForSaving(VIETNAM, clock))
                .extracting(RuleViolation::rule)
                .containsExactly(Rule.AT_IN_PAST);
        assertThat(once.checkForSaving(VIETNAM, Clock.offset(clock, java.time.Duration.ofMinutes(-2))))
                .isEmpty();
    }

    @Test
    void savingARecurringScheduleWithNoSlotLeftIsRefusedJudgingTodayInTheAreaZone() {
        Recurring endsFriday = new Recurring(
                WEEKDAYS, Set.of(), List.of(LocalTime.of(6, 0), LocalTime.of(17, 30)), START, END, Set.of());
        // Saturday 06:00 in Vietnam is still Friday 19:00 in New York, the JVM's default zone in these tests.
        Clock saturdayMorningInVietnam = Clock.fixed(Fixtures.vn("2027-03-20T06:00"), VIETNAM);
        Clock fridayNoonInVietnam = Clock.fixed(Fixtures.vn("2027-03-19T12:00"), VIETNAM);

        assertThat(endsFriday.checkForSaving(VIETNAM, saturdayMorningInVietnam))
                .extracting(RuleViolation::rule)
                .containsExactly(Rule.NO_FUTURE_OCCURRENCE);
        assertThat(endsFriday.checkForSaving(VIETNAM, fridayNoonInVietnam)).isEmpty();
    }

    private static List<Rule> rulesBroken(Runnable construction) {
        try {
            construction.run();
        } catch (RuleViolationException e) {
            return e.violations().stream().map(RuleViolation::rule).toList();
        }
        throw new AssertionError("expected a RuleViolationException");
    }
}
