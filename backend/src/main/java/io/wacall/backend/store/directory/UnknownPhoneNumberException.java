package io.wacall.backend.store.directory;

import io.temporal.failure.ApplicationFailure;

/** The business number is not in the directory. */
public class UnknownPhoneNumberException extends RuntimeException {
  private final String phoneNumberId;

  public UnknownPhoneNumberException(String phoneNumberId) {
    super("business phone number " + phoneNumberId + " is not in the directory (PUT /api/v1/phone-numbers/"
        + phoneNumberId + " first)");
    this.phoneNumberId = phoneNumberId;
  }

  public String phoneNumberId() {
    return phoneNumberId;
  }

  /**
   * As an activity failure: not retryable (a retry reads the same directory), typed
   * {@link DirectoryFailures#UNKNOWN_PHONE_NUMBER} so a workflow can end the call cleanly.
   */
  public ApplicationFailure asActivityFailure() {
    return ApplicationFailure.newNonRetryableFailure(getMessage(), DirectoryFailures.UNKNOWN_PHONE_NUMBER, phoneNumberId);
  }
}
