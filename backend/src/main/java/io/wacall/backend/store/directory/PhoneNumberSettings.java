package io.wacall.backend.store.directory;

import io.wacall.contract.permission.command.PermissionLimits;
import java.time.Duration;
import java.util.List;

/**
 * Validated settings of a business number, ready to store.
 *
 * @param displayNumber E.164, normalised by libphonenumber
 * @param country ISO 3166 region of the display number ({@code 001} for a non-geographic number)
 */
public record PhoneNumberSettings(
    String displayNumber,
    String country,
    Duration ringTimeout,
    Duration wrapUp,
    boolean callbackRequestsEnabled,
    List<String> dispositionTags,
    PermissionLimits limits) {

  public PhoneNumberSettings(String displayNumber, String country, Duration ringTimeout, Duration wrapUp,
      boolean callbackRequestsEnabled, List<String> dispositionTags) {
    this(displayNumber, country, ringTimeout, wrapUp, callbackRequestsEnabled, dispositionTags, PermissionLimits.STANDARD);
  }
}
