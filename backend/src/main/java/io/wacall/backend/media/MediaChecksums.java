package io.wacall.backend.media;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * SHA-256 as Meta sends it with a media file: base64 in its samples (44 characters), hex (64) is
 * accepted too (docs/meta-cloud-api.md#call-recording).
 */
public final class MediaChecksums {
  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{64}");

  private MediaChecksums() {}

  /** Lower-case hex of Meta's checksum; null when there is none. */
  public static String toHex(String sha256) {
    if (sha256 == null || sha256.isBlank()) {
      return null;
    }
    String text = sha256.strip();
    if (HEX.matcher(text).matches()) {
      return text.toLowerCase(Locale.ROOT);
    }
    byte[] raw;
    try {
      raw = text.contains("-") || text.contains("_") ? Base64.getUrlDecoder().decode(text)
          : Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("sha256 '" + text + "' is neither hex nor base64");
    }
    if (raw.length != 32) {
      throw new IllegalArgumentException("sha256 '" + text + "' is not 32 bytes");
    }
    return HexFormat.of().formatHex(raw);
  }

  /** Lower-case hex SHA-256 of {@code bytes}. */
  public static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
