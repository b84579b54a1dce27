package io.wacall.contract.settings;

import java.util.Objects;

/**
 * Argument of the CallingSettings workflow.
 *
 * @param requestedRevision the newest revision of the wanted settings known at the start (0: none)
 * @param settledRevision the newest revision already pushed (or refused by Meta), carried over by
 *     continue-as-new (0 on a fresh start)
 * @param maxPushesPerRun continue-as-new after this many pushes (null: the default); tests set it low
 */
public record CallingSettingsInput(
    String phoneNumberId, long requestedRevision, long settledRevision, Integer maxPushesPerRun) {
  public CallingSettingsInput {
    Objects.requireNonNull(phoneNumberId, "phoneNumberId");
  }

  public static CallingSettingsInput fresh(String phoneNumberId) {
    return new CallingSettingsInput(phoneNumberId, 0, 0, null);
  }
}
