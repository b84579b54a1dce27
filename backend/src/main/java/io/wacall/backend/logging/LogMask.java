package io.wacall.backend.logging;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one rule that masks customer numbers in log output: every number of at least {@value
 * #MIN_DIGITS} digits, written plain ({@code 5521987650201}) or with single spaces, dashes, dots
 * or parentheses between its digits and an optional leading {@code +} ({@code +55 21 98765-4321},
 * {@code +1 (415) 555-0100}, {@code 44 7700 900123}), keeps its first 2 and last 4 digits:
 * {@code 55****0201}, {@code +55****4321}. The separators go, so the length of the number and its
 * grouping are not shown either.
 *
 * <p>Left as they are, though they hold digits: UUIDs, ISO dates and date-times ({@code 2026-12-01},
 * {@code 2026-12-01 18:42:20.123}), IPv4 addresses, and decimals whose integer part is shorter
 * than {@value #MIN_DIGITS} digits ({@code 12345678.90}). Anything shorter than {@value
 * #MIN_DIGITS} digits (ports, HTTP statuses, durations such as {@code PT45S}, counters) never
 * matches. Epoch timestamps of 10 or more digits are masked: they cannot be told from a number.
 *
 * <p>Used by every log path: the {@code %mask(..)} conversion word of the console and file
 * patterns (message, workflow ID, stack trace: {@link MaskingConverter}) and the JSON members of
 * structured logs ({@link MaskingJsonMembersCustomizer}).
 */
public final class LogMask {
  /** The shortest number that is masked. */
  public static final int MIN_DIGITS = 10;

  private static final String HEX = "[0-9a-fA-F]";
  private static final String UUID =
      "(?<![0-9a-fA-F])" + HEX + "{8}-" + HEX + "{4}-" + HEX + "{4}-" + HEX + "{4}-" + HEX + "{12}(?![0-9a-fA-F])";
  private static final String DATE_TIME =
      "\\d{4}-\\d{2}-\\d{2}(?:[T ]\\d{2}:\\d{2}(?::\\d{2}(?:[.,]\\d{1,9})?)?)?(?!\\d)";
  private static final String IPV4 = "(?<![\\d.])\\d{1,3}(?:\\.\\d{1,3}){3}(?![\\d.])";
  /** Between two groups of digits: one space, dash or dot, or a parenthesis with at most one of those on its outside. */
  private static final String SEPARATOR = "(?:[ .-]?\\(|\\)[ .-]?|[ .-])";
  private static final String NUMBER = "\\+?(?:\\(\\d{1,4}\\)[ .-]?)?\\d+(?:" + SEPARATOR + "\\d+)*";
  private static final Pattern TOKENS =
      Pattern.compile("(?<keep>" + UUID + "|" + DATE_TIME + "|" + IPV4 + ")|(?<number>" + NUMBER + ")");

  private LogMask() {}

  /** {@code text} with every number masked; {@code null} stays {@code null}. */
  public static String mask(String text) {
    if (text == null || !containsLongEnoughDigits(text)) {
      return text;
    }
    Matcher m = TOKENS.matcher(text);
    StringBuilder out = null;
    int last = 0;
    while (m.find()) {
      String number = m.group("number");
      if (number == null) {
        continue;
      }
      String masked = maskNumber(number);
      if (masked != null) {
        if (out == null) {
          out = new StringBuilder(text.length());
        }
        out.append(text, last, m.start()).append(masked);
        last = m.end();
      }
    }
    if (out == null) {
      return text;
    }
    return out.append(text, last, text.length()).toString();
  }

  /** The masked form of one number token, or {@code null} when it stays readable. */
  private static String maskNumber(String token) {
    StringBuilder digits = new StringBuilder(token.length());
    int separators = 0;
    boolean onlyDots = true;
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (isDigit(c)) {
        digits.append(c);
      } else if (c != '+') {
        separators++;
        onlyDots &= c == '.';
      }
    }
    if (digits.length() < MIN_DIGITS) {
      return null;
    }
    if (separators == 1 && onlyDots && token.charAt(0) != '+' && token.indexOf('.') < MIN_DIGITS) {
      return null; // a decimal such as 12345678.90
    }
    String prefix = token.charAt(0) == '+' ? "+" : "";
    return prefix + digits.substring(0, 2) + "****" + digits.substring(digits.length() - 4);
  }

  /** Fast path: most log lines hold no run of digits long enough to matter. */
  private static boolean containsLongEnoughDigits(String text) {
    int digits = 0;
    for (int i = 0; i < text.length(); i++) {
      if (isDigit(text.charAt(i)) && ++digits >= MIN_DIGITS) {
        return true;
      }
    }
    return false;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
