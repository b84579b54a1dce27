package io.wacall.backend.customer;

import com.google.i18n.phonenumbers.PhoneNumberUtil;

/**
 * The one place a customer's number becomes Meta's {@code wa_id}: the international number's
 * digits, with no '+', spaces, dashes, dots or parentheses. Every edge where a customer number
 * enters (the calls, permissions, conversations and billing APIs) goes through {@link #waId}, so
 * that {@code +55 21 98765-0001} and {@code 5521987650001} are one customer, one CallPermission
 * ({@code permission:{phoneNumberId}:{waId}}), one conversation log.
 *
 * <p>Only the form is checked, not whether the number exists: a number that libphonenumber does not
 * know (a new range, Mexico's retired mobile prefix that WhatsApp keeps) is still a customer Meta
 * may reach; billing checks the region when it prices a call.
 */
public final class CustomerNumbers {
  /** E.164: at most 15 digits, country code included. */
  public static final int MAX_DIGITS = 15;
  /** The shortest international numbers (e.g. Niue, +683 and 4 digits) have 7 digits. */
  public static final int MIN_DIGITS = 7;

  private CustomerNumbers() {}

  /**
   * Meta's wa_id of {@code number}: its digits. Accepted forms: international, with or without a
   * leading '+', digits grouped by spaces, '-', '.' or parentheses ({@code +55 (21) 98765-0001}).
   *
   * @throws InvalidCustomerNumber when it is missing, holds anything else (letters, a second '+'),
   *     starts with 0 (no country code does: a national or 00-prefixed number), or has fewer than
   *     {@value #MIN_DIGITS} or more than {@value #MAX_DIGITS} digits
   */
  public static String waId(String number) {
    if (number == null || number.isBlank()) {
      throw new InvalidCustomerNumber("missing");
    }
    String text = number.strip();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean allowed = Character.isDigit(c) || c == ' ' || c == '-' || c == '.' || c == '(' || c == ')'
          || (c == '+' && i == 0);
      if (!allowed) {
        throw new InvalidCustomerNumber("not a phone number: '" + c + "' is none of digits, a leading '+',"
            + " spaces, '-', '.' or parentheses");
      }
    }
    // libphonenumber's digit folding: full-width and other scripts' digits become ASCII ones
    String digits = PhoneNumberUtil.normalizeDigitsOnly(text);
    if (digits.isEmpty()) {
      throw new InvalidCustomerNumber("not a phone number: it has no digits");
    }
    if (digits.charAt(0) == '0') {
      throw new InvalidCustomerNumber("not in international form: it starts with 0 (give the country code"
          + " first, without 00 or a national trunk 0)");
    }
    if (digits.length() < MIN_DIGITS || digits.length() > MAX_DIGITS) {
      throw new InvalidCustomerNumber("not an international number: it has " + digits.length()
          + " digits, not " + MIN_DIGITS + " to " + MAX_DIGITS + " (country code included)");
    }
    return digits;
  }

  /**
   * The wa_id of a number recorded before the edges normalised it (a call workflow started with
   * {@code "+55 21 ..."} and still running): its digits when it is a valid number, else the text
   * unchanged (never a failure: the call it belongs to goes on).
   */
  public static String waIdOrAsGiven(String number) {
    try {
      return waId(number);
    } catch (InvalidCustomerNumber e) {
      return number;
    }
  }

  /** A customer number that cannot be a WhatsApp number; the message says why, without echoing it. */
  public static final class InvalidCustomerNumber extends IllegalArgumentException {
    public InvalidCustomerNumber(String message) {
      super(message);
    }
  }
}
