package io.wacall.api.webhook;

/** Customer numbers in logs: only the last four digits, like a card number on a receipt. */
public final class PhoneMask {
  private static final int VISIBLE = 4;

  private PhoneMask() {}

  public static String mask(String phone) {
    if (phone == null) {
      return "(none)";
    }
    if (phone.length() <= VISIBLE) {
      return "****";
    }
    return "*".repeat(Math.min(phone.length() - VISIBLE, 8)) + phone.substring(phone.length() - VISIBLE);
  }
}
