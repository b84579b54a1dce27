package io.wacall.backend.settings;

import io.wacall.backend.settings.CallingSettings.CallHours;
import io.wacall.backend.settings.CallingSettings.Holiday;
import io.wacall.backend.settings.CallingSettings.WeeklyHours;
import io.wacall.backend.store.directory.FieldViolation;
import io.wacall.backend.store.directory.InvalidDirectoryRequestException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an operator may ask Meta to set (docs/meta-cloud-api.md#call-settings), checked before
 * anything is stored or sent, so Meta's refusal is the exception: closed sets of values, a time
 * zone that exists, call hours with their status, zone and weekly hours, times as {@code HHMM}, a
 * slot that opens before it closes, at most 2 slots a day that do not overlap, at most 20 holidays. Every problem names its JSON field, all at once.
 * Pure: no framework, no I/O. What Meta itself shows is never judged by these rules.
 */
public final class CallingSettingsRules {
  public static final Set<String> STATUSES = Set.of("ENABLED", "DISABLED");
  public static final Set<String> ICON_VISIBILITIES = Set.of("DEFAULT", "DISABLE_ALL");
  /** Meta: at most 2 slots a day, not overlapping. */
  public static final int MAX_SLOTS_PER_DAY = 2;
  /** Meta: at most 20 holidays. */
  public static final int MAX_HOLIDAYS = 20;
  private static final Pattern HHMM = Pattern.compile("([01][0-9]|2[0-3])[0-5][0-9]");

  private CallingSettingsRules() {}

  /**
   * The settings with the enumerated values in upper case.
   *
   * @throws InvalidDirectoryRequestException naming every field that is wrong
   */
  public static CallingSettings validate(CallingSettings settings) {
    if (settings == null) {
      throw new InvalidDirectoryRequestException("body", "a JSON object of calling settings is required");
    }
    List<FieldViolation> violations = new ArrayList<>();
    String status = oneOf("status", settings.status(), STATUSES, violations);
    String icon = oneOf("callIconVisibility", settings.callIconVisibility(), ICON_VISIBILITIES, violations);
    String callback = oneOf("callbackPermissionStatus", settings.callbackPermissionStatus(), STATUSES, violations);
    CallHours hours = settings.callHours() == null ? null : callHours(settings.callHours(), violations);
    if (!violations.isEmpty()) {
      throw new InvalidDirectoryRequestException(violations);
    }
    return new CallingSettings(status, icon, callback, hours);
  }

  private static CallHours callHours(CallHours hours, List<FieldViolation> violations) {
    String status = oneOf("callHours.status", hours.status(), STATUSES, violations);
    if (hours.status() == null) {
      violations.add(new FieldViolation("callHours.status", "is required: ENABLED or DISABLED"));
    }
    String zone = hours.timezoneId() == null ? null : hours.timezoneId().strip();
    if (zone == null || zone.isEmpty()) {
      violations.add(new FieldViolation("callHours.timezoneId", "is required: an IANA time zone such as America/Sao_Paulo"));
    } else if (!ZoneId.getAvailableZoneIds().contains(zone)) {
      violations.add(new FieldViolation("callHours.timezoneId",
          "is not an IANA time zone such as America/Sao_Paulo (got " + quoted(hours.timezoneId()) + ")"));
    }
    if (hours.weeklyOperatingHours() == null) {
      violations.add(new FieldViolation("callHours.weeklyOperatingHours",
          "is required (Meta asks for it with the call hours): a list of dayOfWeek, openTime, closeTime"));
    }
    List<WeeklyHours> weekly = weekly(hours.weeklyOperatingHours(), violations);
    List<Holiday> holidays = holidays(hours.holidaySchedule(), violations);
    return new CallHours(status, zone, weekly, holidays);
  }

  private static List<WeeklyHours> weekly(List<WeeklyHours> given, List<FieldViolation> violations) {
    if (given == null) {
      return null;
    }
    List<WeeklyHours> slots = new ArrayList<>();
    Map<DayOfWeek, List<int[]>> byDay = new EnumMap<>(DayOfWeek.class);
    for (int i = 0; i < given.size(); i++) {
      String field = "callHours.weeklyOperatingHours[" + i + "]";
      WeeklyHours slot = given.get(i);
      if (slot == null) {
        violations.add(new FieldViolation(field, "must be an object with dayOfWeek, openTime and closeTime"));
        continue;
      }
      DayOfWeek day = dayOfWeek(field + ".dayOfWeek", slot.dayOfWeek(), violations);
      Integer open = minutes(field + ".openTime", slot.openTime(), violations);
      Integer close = minutes(field + ".closeTime", slot.closeTime(), violations);
      if (open != null && close != null && open >= close) {
        violations.add(new FieldViolation(field, "must open before it closes (got " + slot.openTime() + "-" + slot.closeTime() + ")"));
      } else if (day != null && open != null && close != null) {
        byDay.computeIfAbsent(day, d -> new ArrayList<>()).add(new int[] {open, close, i});
      }
      slots.add(new WeeklyHours(day == null ? slot.dayOfWeek() : day.name(), slot.openTime(), slot.closeTime()));
    }
    byDay.forEach((day, daySlots) -> {
      if (daySlots.size() > MAX_SLOTS_PER_DAY) {
        violations.add(new FieldViolation("callHours.weeklyOperatingHours",
            "has " + daySlots.size() + " slots on " + day + "; Meta allows at most " + MAX_SLOTS_PER_DAY + " a day"));
      }
      daySlots.sort(Comparator.comparingInt(s -> s[0]));
      for (int k = 1; k < daySlots.size(); k++) {
        if (daySlots.get(k)[0] < daySlots.get(k - 1)[1]) {
          violations.add(new FieldViolation("callHours.weeklyOperatingHours[" + daySlots.get(k)[2] + "]",
              "overlaps slot " + daySlots.get(k - 1)[2] + " on " + day));
        }
      }
    });
    return List.copyOf(slots);
  }

  private static List<Holiday> holidays(List<Holiday> given, List<FieldViolation> violations) {
    if (given == null) {
      return null;
    }
    if (given.size() > MAX_HOLIDAYS) {
      violations.add(new FieldViolation("callHours.holidaySchedule",
          "has " + given.size() + " holidays; Meta allows at most " + MAX_HOLIDAYS));
    }
    for (int i = 0; i < given.size(); i++) {
      String field = "callHours.holidaySchedule[" + i + "]";
      Holiday holiday = given.get(i);
      if (holiday == null) {
        violations.add(new FieldViolation(field, "must be an object with date, startTime and endTime"));
        continue;
      }
      try {
        LocalDate.parse(holiday.date() == null ? "" : holiday.date());
      } catch (DateTimeParseException e) {
        violations.add(new FieldViolation(field + ".date", "must be a date as YYYY-MM-DD (got " + quoted(holiday.date()) + ")"));
      }
      Integer start = minutes(field + ".startTime", holiday.startTime(), violations);
      Integer end = minutes(field + ".endTime", holiday.endTime(), violations);
      if (start != null && end != null && start >= end) {
        violations.add(new FieldViolation(field, "must start before it ends (got " + holiday.startTime() + "-" + holiday.endTime() + ")"));
      }
    }
    return List.copyOf(given);
  }

  private static DayOfWeek dayOfWeek(String field, String value, List<FieldViolation> violations) {
    try {
      return DayOfWeek.valueOf(value == null ? "" : value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      violations.add(new FieldViolation(field, "must be a day of the week, MONDAY to SUNDAY (got " + quoted(value) + ")"));
      return null;
    }
  }

  /** Minutes since midnight of an {@code HHMM} time, or null (and a violation) when it is not one. */
  private static Integer minutes(String field, String value, List<FieldViolation> violations) {
    if (value == null || !HHMM.matcher(value).matches()) {
      violations.add(new FieldViolation(field, "must be a time as HHMM, 0000 to 2359 (got " + quoted(value) + ")"));
      return null;
    }
    return Integer.parseInt(value.substring(0, 2)) * 60 + Integer.parseInt(value.substring(2));
  }

  private static String oneOf(String field, String value, Set<String> allowed, List<FieldViolation> violations) {
    if (value == null) {
      return null;
    }
    String upper = value.strip().toUpperCase(Locale.ROOT);
    if (!allowed.contains(upper)) {
      violations.add(new FieldViolation(field, "must be one of " + allowed.stream().sorted().toList()
          + " (got " + quoted(value) + ")"));
      return value;
    }
    return upper;
  }

  private static String quoted(String value) {
    return value == null ? "nothing" : "'" + value + "'";
  }
}
