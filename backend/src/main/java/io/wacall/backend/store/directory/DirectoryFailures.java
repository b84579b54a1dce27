package io.wacall.backend.store.directory;

/** {@code ApplicationFailure} types of the directory's activities, matched by name in any language. */
public final class DirectoryFailures {
  /** The business number has no entry in the directory: there is nobody to ring. Not retryable. */
  public static final String UNKNOWN_PHONE_NUMBER = "UnknownPhoneNumber";

  private DirectoryFailures() {}
}
