package io.wacall.api.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Meta's webhook signature: header {@code X-Hub-Signature-256: sha256=<hex>}, the HMAC-SHA256 of
 * the exact raw request bytes keyed with the app secret. Computed before any parsing, compared in
 * constant time.
 *
 * <p>While the app secret is rotated, Meta may sign with the old secret or the new one:
 * {@link #match} checks a body against both.
 */
public final class WebhookSignature {
  public static final String HEADER = "X-Hub-Signature-256";
  private static final String PREFIX = "sha256=";

  private WebhookSignature() {}

  /** Which configured secret a signature was made with. */
  public enum Match {
    /** The current app secret. */
    CURRENT,
    /** The previous app secret, still accepted during a rotation. */
    PREVIOUS,
    /** Neither: missing, malformed or forged. */
    NONE
  }

  /** The header value Meta would send for these bytes. */
  public static String sign(byte[] body, String appSecret) {
    return PREFIX + HexFormat.of().formatHex(hmac(body, appSecret));
  }

  /** True when {@code header} is a valid signature of {@code body}; false for null or malformed. */
  public static boolean verify(byte[] body, String header, String appSecret) {
    return match(body, header, appSecret, null) == Match.CURRENT;
  }

  /**
   * Which of the two secrets signed {@code body}: the current one, the previous one (blank when
   * no rotation is under way), or neither. Both are always computed and compared in constant
   * time, so the time taken tells nothing about which one, if any, matched. A blank current
   * secret matches nothing, whatever the previous one.
   */
  public static Match match(byte[] body, String header, String currentSecret, String previousSecret) {
    byte[] given = parse(header);
    if (given == null || currentSecret == null || currentSecret.isEmpty()) {
      return Match.NONE;
    }
    boolean current = MessageDigest.isEqual(given, hmac(body, currentSecret));
    boolean previous = previousSecret != null && !previousSecret.isEmpty()
        && MessageDigest.isEqual(given, hmac(body, previousSecret));
    return current ? Match.CURRENT : previous ? Match.PREVIOUS : Match.NONE;
  }

  /** The HMAC bytes of a well-formed header, or null. */
  private static byte[] parse(String header) {
    if (header == null || !header.startsWith(PREFIX)) {
      return null;
    }
    try {
      return HexFormat.of().parseHex(header.substring(PREFIX.length()).trim().toLowerCase());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static byte[] hmac(byte[] body, String appSecret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
