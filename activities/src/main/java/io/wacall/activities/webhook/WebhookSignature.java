package io.wacall.activities.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Meta's webhook signature: header {@code X-Hub-Signature-256: sha256=<hex>}, the HMAC-SHA256 of
 * the exact raw request bytes keyed with the app secret (cloud-api-calling.md, section 3.4).
 * Computed before any parsing, compared in constant time.
 */
public final class WebhookSignature {
  public static final String HEADER = "X-Hub-Signature-256";
  private static final String PREFIX = "sha256=";

  private WebhookSignature() {}

  /** The header value Meta would send for these bytes. */
  public static String sign(byte[] body, String appSecret) {
    return PREFIX + HexFormat.of().formatHex(hmac(body, appSecret));
  }

  /** True when {@code header} is a valid signature of {@code body}; false for null or malformed. */
  public static boolean verify(byte[] body, String header, String appSecret) {
    if (header == null || !header.startsWith(PREFIX) || appSecret == null || appSecret.isEmpty()) {
      return false;
    }
    byte[] given;
    try {
      given = HexFormat.of().parseHex(header.substring(PREFIX.length()).trim().toLowerCase());
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(given, hmac(body, appSecret));
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
