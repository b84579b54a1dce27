package io.wacall.backend.temporal.codec;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/** Fixed AES-256 keys for the codec's tests: {@code id:base64} entries as configured. */
public final class TestKeys {
  private TestKeys() {}

  /** A 32-byte key filled with {@code fill}, base64. */
  public static String key(int fill) {
    byte[] key = new byte[EncryptionKeys.KEY_BYTES];
    Arrays.fill(key, (byte) fill);
    return Base64.getEncoder().encodeToString(key);
  }

  /** {@code id:key(fill)}. */
  public static String entry(String id, int fill) {
    return id + ":" + key(fill);
  }

  public static AesGcmPayloadCodec codec(String... entries) {
    return new AesGcmPayloadCodec(EncryptionKeys.parse(List.of(entries)));
  }
}
