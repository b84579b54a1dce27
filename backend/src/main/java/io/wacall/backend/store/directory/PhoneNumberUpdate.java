package io.wacall.backend.store.directory;

import java.util.List;

/**
 * A business number's settings as a caller sends them; null means "the configured default".
 * {@link DirectoryRules#phoneNumber} turns it into {@link PhoneNumberSettings} or refuses it.
 */
public record PhoneNumberUpdate(
    String displayNumber,
    Integer ringTimeoutSeconds,
    Integer wrapUpSeconds,
    Boolean callbackRequestsEnabled,
    List<String> dispositionTags,
    String limits) {

  /** An update that leaves the limits at the default (standard). */
  public PhoneNumberUpdate(String displayNumber, Integer ringTimeoutSeconds, Integer wrapUpSeconds,
      Boolean callbackRequestsEnabled, List<String> dispositionTags) {
    this(displayNumber, ringTimeoutSeconds, wrapUpSeconds, callbackRequestsEnabled, dispositionTags, null);
  }
}
