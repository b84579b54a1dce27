package io.wacall.backend.settings;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A business number's calling settings at Meta (docs/meta-cloud-api.md#call-settings), in the
 * fields of Meta's {@code calling} object, camelCase. The same record carries what an operator asks
 * for (validated by {@link CallingSettingsRules}) and what Meta shows (read by
 * {@link MetaCallingJson}, which keeps values wacall does not know as they came). Null: not set.
 *
 * @param status {@code ENABLED} or {@code DISABLED}: whether the number takes and places calls
 * @param callIconVisibility {@code DEFAULT}, {@code DISABLE_ALL} (or {@code HIDE_IN_CHAT})
 * @param callbackPermissionStatus {@code ENABLED} or {@code DISABLED}: the same fact as the
 *     number's {@code callbackRequestsEnabled}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CallingSettings(
    String status,
    String callIconVisibility,
    String callbackPermissionStatus,
    CallHours callHours) {

  /**
   * {@code call_hours}: replaced as a whole by each push; a push without {@code holidaySchedule}
   * clears Meta's holidays.
   *
   * @param timezoneId an IANA zone, such as {@code America/Sao_Paulo}
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record CallHours(
      String status,
      String timezoneId,
      List<WeeklyHours> weeklyOperatingHours,
      List<Holiday> holidaySchedule) {}

  /** One opening slot of a weekday; times as {@code HHMM} in the zone of the call hours. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record WeeklyHours(String dayOfWeek, String openTime, String closeTime) {}

  /** A closed period of one date ({@code YYYY-MM-DD}); times as {@code HHMM}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Holiday(String date, String startTime, String endTime) {}

  /** These settings with the callback setting replaced. */
  public CallingSettings withCallbackPermissionStatus(String value) {
    return new CallingSettings(status, callIconVisibility, value, callHours);
  }

  /** The value of {@code callbackPermissionStatus} for the number's callback marker. */
  public static String callbackStatus(boolean callbackRequestsEnabled) {
    return callbackRequestsEnabled ? "ENABLED" : "DISABLED";
  }
}
