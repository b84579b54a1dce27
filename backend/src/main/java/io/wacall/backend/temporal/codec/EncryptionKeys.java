package io.wacall.backend.temporal.codec;

import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 keys of the payload codec, by id, in configuration order: the first one encrypts,
 * every one decrypts. Error messages and {@link #toString()} name key ids, never key material.
 */
public final class EncryptionKeys {
  static final int KEY_BYTES = 32;
  /** Ids travel in every payload's metadata in clear: short, printable, no separators. */
  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final String PROPERTY = PayloadEncryptionProperties.PREFIX + ".keys";

  private final String activeId;
  private final Map<String, SecretKey> byId;

  private EncryptionKeys(String activeId, Map<String, SecretKey> byId) {
    this.activeId = activeId;
    this.byId = Collections.unmodifiableMap(byId);
  }

  /**
   * Parses {@code keyId:base64Key} entries. Refuses (IllegalStateException, naming the entry by its
   * position or id) an empty list, an entry without an id, an id with characters other than
   * letters, digits, '.', '_' and '-', a key that is not base64 or not 32 bytes once decoded, and an
   * id given twice.
   */
  public static EncryptionKeys parse(List<String> entries) {
    if (entries == null || entries.isEmpty()) {
      throw new IllegalStateException(PROPERTY + " lists no key");
    }
    Map<String, SecretKey> byId = new LinkedHashMap<>();
    for (int i = 0; i < entries.size(); i++) {
      String entry = entries.get(i) == null ? "" : entries.get(i).trim();
      int colon = entry.indexOf(':');
      if (colon <= 0) {
        throw new IllegalStateException(PROPERTY + " entry " + (i + 1) + " is not keyId:base64Key");
      }
      String id = entry.substring(0, colon).trim();
      if (!KEY_ID.matcher(id).matches()) {
        throw new IllegalStateException(PROPERTY + " entry " + (i + 1) + ": a key id is 1-64 letters, digits, "
            + "'.', '_' or '-'");
      }
      byte[] key = decode(id, entry.substring(colon + 1).trim());
      if (key.length != KEY_BYTES) {
        throw new IllegalStateException(PROPERTY + ": key '" + id + "' is " + key.length + " bytes after base64 "
            + "decoding; AES-256 needs " + KEY_BYTES + " (generate one with: openssl rand -base64 32)");
      }
      if (byId.putIfAbsent(id, new SecretKeySpec(key, "AES")) != null) {
        throw new IllegalStateException(PROPERTY + ": key id '" + id + "' is given twice; every key needs its own id");
      }
    }
    return new EncryptionKeys(byId.keySet().iterator().next(), byId);
  }

  private static byte[] decode(String id, String base64) {
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      // not chained: the JDK's message quotes the offending character of the key
      throw new IllegalStateException(PROPERTY + ": key '" + id + "' is not valid base64");
    }
  }

  /** The id of the key that encrypts. */
  public String activeId() {
    return activeId;
  }

  SecretKey activeKey() {
    return byId.get(activeId);
  }

  Optional<SecretKey> key(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** Every configured id, the active one first. */
  public List<String> ids() {
    return List.copyOf(byId.keySet());
  }

  @Override
  public String toString() {
    return "EncryptionKeys" + ids() + " (active " + activeId + ")";
  }
}
