package io.wacall.backend.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.wacall.backend.settings.CallingSettings.CallHours;
import io.wacall.backend.settings.CallingSettings.Holiday;
import io.wacall.backend.settings.CallingSettings.WeeklyHours;
import io.wacall.backend.store.directory.FieldViolation;
import io.wacall.backend.store.directory.InvalidDirectoryRequestException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checks of calling settings an operator sends, before anything is stored or reaches Meta. */
class CallingSettingsRulesTest {

  static CallingSettings issueExample() {
    return new CallingSettings("ENABLED", "DEFAULT", "ENABLED", new CallHours("ENABLED", "America/Sao_Paulo",
        List.of(new WeeklyHours("MONDAY", "0900", "1800")), List.of(new Holiday("2026-12-25", "0000", "2359"))));
  }

  @Test
  void theIssuesExampleIsValid_andEnumeratedValuesAreUpperCased() {
    assertThat(CallingSettingsRules.validate(issueExample())).isEqualTo(issueExample());
    CallingSettings lower = new CallingSettings("enabled", "disable_all", null, null);
    assertThat(CallingSettingsRules.validate(lower)).isEqualTo(new CallingSettings("ENABLED", "DISABLE_ALL", null, null));
  }

  @Test
  void everyWrongFieldIsNamed_allAtOnce() {
    CallingSettings wrong = new CallingSettings("ON", "HIDDEN", "MAYBE", new CallHours("ENABLED", "Mars/Olympus",
        List.of(new WeeklyHours("FUNDAY", "900", "1800"), new WeeklyHours("MONDAY", "1800", "0900"),
            new WeeklyHours("TUESDAY", "0900", "2460")),
        List.of(new Holiday("2026-02-30", "0000", "2359"), new Holiday("2026-12-24", "1200", "1200"))));

    List<FieldViolation> violations = violations(wrong);

    assertThat(violations).extracting(FieldViolation::field).containsExactlyInAnyOrder(
        "status", "callIconVisibility", "callbackPermissionStatus", "callHours.timezoneId",
        "callHours.weeklyOperatingHours[0].dayOfWeek", "callHours.weeklyOperatingHours[0].openTime",
        "callHours.weeklyOperatingHours[1]", "callHours.weeklyOperatingHours[2].closeTime",
        "callHours.holidaySchedule[0].date", "callHours.holidaySchedule[1]");
    assertThat(violations.get(0).message()).contains("ENABLED", "DISABLED", "'ON'");
  }

  @Test
  void atMostTwoSlotsADay_thatDoNotOverlap() {
    List<FieldViolation> three = violations(hours(List.of(new WeeklyHours("MONDAY", "0800", "1000"),
        new WeeklyHours("MONDAY", "1100", "1200"), new WeeklyHours("MONDAY", "1300", "1400")), null));
    assertThat(three).singleElement().satisfies(v -> assertThat(v.message()).contains("3 slots on MONDAY", "at most 2"));

    List<FieldViolation> overlap = violations(hours(List.of(new WeeklyHours("FRIDAY", "1300", "1800"),
        new WeeklyHours("FRIDAY", "0900", "1400")), null));
    assertThat(overlap).singleElement().satisfies(v -> {
      assertThat(v.field()).isEqualTo("callHours.weeklyOperatingHours[0]");
      assertThat(v.message()).contains("overlaps slot 1 on FRIDAY");
    });

    // touching slots, and two days with two slots each, are fine
    CallingSettingsRules.validate(hours(List.of(new WeeklyHours("MONDAY", "0900", "1200"),
        new WeeklyHours("MONDAY", "1200", "1800"), new WeeklyHours("TUESDAY", "0900", "1200"),
        new WeeklyHours("TUESDAY", "1300", "1800")), null));
  }

  @Test
  void atMostTwentyHolidays() {
    List<Holiday> holidays = new ArrayList<>();
    for (int day = 1; day <= 21; day++) {
      holidays.add(new Holiday("2026-12-%02d".formatted(day), "0000", "2359"));
    }
    assertThat(violations(hours(List.of(), holidays))).singleElement()
        .satisfies(v -> assertThat(v.message()).contains("21 holidays", "at most 20"));
    CallingSettingsRules.validate(hours(List.of(), holidays.subList(0, 20)));
  }

  @Test
  void callHoursNeedAStatusAZoneAndWeeklyHours_andABodyIsRequired() {
    assertThat(violations(new CallingSettings(null, null, null, new CallHours(null, " ", null, null))))
        .extracting(FieldViolation::field)
        .containsExactly("callHours.status", "callHours.timezoneId", "callHours.weeklyOperatingHours");
    assertThat(catchThrowableOfType(() -> CallingSettingsRules.validate(null), InvalidDirectoryRequestException.class)
        .violations()).extracting(FieldViolation::field).containsExactly("body");
    // nothing set is valid: a push then carries the callback setting only
    CallingSettingsRules.validate(new CallingSettings(null, null, null, null));
  }

  private static CallingSettings hours(List<WeeklyHours> weekly, List<Holiday> holidays) {
    return new CallingSettings(null, null, null, new CallHours("ENABLED", "Europe/Lisbon", weekly, holidays));
  }

  private static List<FieldViolation> violations(CallingSettings settings) {
    return catchThrowableOfType(() -> CallingSettingsRules.validate(settings), InvalidDirectoryRequestException.class)
        .violations();
  }
}
