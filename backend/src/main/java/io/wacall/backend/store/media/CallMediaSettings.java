package io.wacall.backend.store.media;

import io.wacall.backend.cloudapi.CallMediaOptions;
import io.wacall.contract.call.command.CallCapture;
import java.util.Locale;
import java.util.Set;

/**
 * Whether a business number's calls are recorded and transcribed by Meta
 * (docs/meta-cloud-api.md#call-recording), and what the announcement both parties hear says.
 *
 * @param purpose read to the caller in the announcement; at most {@link #MAX_PURPOSE_LENGTH} characters
 * @param announcementLanguage the announcement's locale, one Meta supports ({@link #LANGUAGES})
 */
public record CallMediaSettings(
    boolean recordCalls, boolean transcribeCalls, String purpose, String announcementLanguage) {
  /** Meta's limit on {@code recording.purpose}. */
  public static final int MAX_PURPOSE_LENGTH = 250;
  /** When the number names none. */
  public static final String DEFAULT_LANGUAGE = "en_US";
  /** The purpose when the number names none. */
  public static final String DEFAULT_PURPOSE = "quality assurance";
  /**
   * The announcement locales Meta lists (call-recording page, July 2026): English in its variants,
   * Dutch, French, German, Hindi, Italian, Kannada, Portuguese, Spanish, Telugu, Vietnamese.
   */
  public static final Set<String> LANGUAGES = Set.of(
      "en", "en_US", "en_GB", "en_IN", "en_AU", "nl", "fr", "de", "hi", "it", "kn", "pt", "pt_BR", "es", "es_ES",
      "te", "vi");

  /** Meta's default: nothing recorded. */
  public static final CallMediaSettings OFF = new CallMediaSettings(false, false, null, null);

  public CallMediaSettings {
    purpose = purpose == null || purpose.isBlank() ? null : purpose.strip();
    announcementLanguage = announcementLanguage == null || announcementLanguage.isBlank()
        ? null : announcementLanguage.strip();
  }

  /** The purpose Meta reads out. */
  public String purposeOrDefault() {
    return purpose == null ? DEFAULT_PURPOSE : purpose;
  }

  public String languageOrDefault() {
    return announcementLanguage == null ? DEFAULT_LANGUAGE : announcementLanguage;
  }

  /**
   * What Meta is asked for on one call: the number's settings, with the call's own choice (a null
   * field of {@code choice}, or no choice, keeps the number's).
   */
  public CallMediaOptions forCall(CallCapture choice) {
    boolean record = choice != null && choice.record() != null ? choice.record() : recordCalls;
    boolean transcribe = choice != null && choice.transcribe() != null ? choice.transcribe() : transcribeCalls;
    return record || transcribe
        ? new CallMediaOptions(record, transcribe, purposeOrDefault(), languageOrDefault()) : CallMediaOptions.NONE;
  }

  /** What is wrong with these settings, or null: a purpose too long, a language Meta does not announce in. */
  public String problem() {
    if (purpose != null && purpose.length() > MAX_PURPOSE_LENGTH) {
      return "purpose is longer than " + MAX_PURPOSE_LENGTH + " characters";
    }
    if (announcementLanguage != null && !LANGUAGES.contains(announcementLanguage)
        && !LANGUAGES.contains(announcementLanguage.toLowerCase(Locale.ROOT))) {
      return "announcementLanguage '" + announcementLanguage + "' is not one Meta announces in: " + LANGUAGES;
    }
    return null;
  }
}
