package io.wacall.backend.store.directory;

import io.wacall.contract.permission.command.PermissionLimits;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A business number as stored, with what is derived from it.
 *
 * @param businessInitiatedCallingAllowed derived when read, from {@code country} and the
 *     configured list, so a change of the list applies at once to every number
 * @param limits Meta's call-permission limits of the number: standard, or a test number's relaxed ones
 */
public record PhoneNumber(
    String phoneNumberId,
    String displayNumber,
    String country,
    boolean businessInitiatedCallingAllowed,
    Duration ringTimeout,
    Duration wrapUp,
    boolean callbackRequestsEnabled,
    List<String> dispositionTags,
    Instant updatedAt,
    PermissionLimits limits) {

  /** A number with the standard limits. */
  public PhoneNumber(String phoneNumberId, String displayNumber, String country, boolean businessInitiatedCallingAllowed,
      Duration ringTimeout, Duration wrapUp, boolean callbackRequestsEnabled, List<String> dispositionTags,
      Instant updatedAt) {
    this(phoneNumberId, displayNumber, country, businessInitiatedCallingAllowed, ringTimeout, wrapUp,
        callbackRequestsEnabled, dispositionTags, updatedAt, PermissionLimits.STANDARD);
  }
}
