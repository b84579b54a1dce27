package io.wacall.backend.billing;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/**
 * The region of a customer's number, by libphonenumber. Region, not calling-code prefix: +1 876 is
 * Jamaica (JM), not the United States; +7 7xx is Kazakhstan (KZ), not Russia. A number that is not a
 * valid international number has no region, and is refused rather than guessed.
 */
public final class PhoneRegions {
  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
  // Parse as international only: a number without its country code would need a guess of the country.
  private static final String NO_DEFAULT_REGION = "ZZ";
  // WhatsApp keeps Mexico's retired mobile prefix: a Mexican wa_id is 52 1 + the 10-digit number,
  // which libphonenumber (rightly, since 2019) no longer takes as valid. It is the same number.
  private static final int MEXICO = 52;
  private static final long MEXICO_LEGACY_MOBILE_LOW = 10_000_000_000L; // "1" + 10 digits
  private static final long MEXICO_LEGACY_MOBILE_HIGH = 19_999_999_999L;

  private PhoneRegions() {}

  /**
   * The ISO 3166 region of {@code number}: international form, with or without the leading '+'
   * (a WhatsApp wa_id has none; a '+' in a URL query string arrives as a space).
   *
   * @throws BillingException.InvalidPhoneNumber if it is not a valid number of any region
   */
  public static String regionOf(String number) {
    if (number == null || number.isBlank()) {
      throw new BillingException.InvalidPhoneNumber("no phone number given");
    }
    String text = number.strip();
    if (text.charAt(0) != '+') {
      text = "+" + text;
    }
    PhoneNumber parsed;
    try {
      parsed = UTIL.parse(text, NO_DEFAULT_REGION);
    } catch (NumberParseException e) {
      throw new BillingException.InvalidPhoneNumber(
          "not a phone number in international form (" + e.getErrorType() + ")");
    }
    if (parsed.getCountryCode() == MEXICO && parsed.getNationalNumber() >= MEXICO_LEGACY_MOBILE_LOW
        && parsed.getNationalNumber() <= MEXICO_LEGACY_MOBILE_HIGH) {
      parsed.setNationalNumber(parsed.getNationalNumber() - MEXICO_LEGACY_MOBILE_LOW);
    }
    // libphonenumber's getRegionCodeForNumber (among the regions sharing the calling code, the one
    // whose number plan matches) and isValidNumberForRegion (the number really exists there), in one
    // pass with compiled patterns: NumberPlans
    String region = NumberPlans.validRegion(parsed);
    if (region == null) {
      throw new BillingException.InvalidPhoneNumber(
          "not a valid number for any region (+" + parsed.getCountryCode() + ", "
              + String.valueOf(parsed.getNationalNumber()).length() + " national digits)");
    }
    return region;
  }
}
