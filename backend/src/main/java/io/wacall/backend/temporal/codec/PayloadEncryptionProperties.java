package io.wacall.backend.temporal.codec;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Encryption of what wacall writes to Temporal (docs/payload-codec.md).
 *
 * @param enabled whether every payload is encrypted ({@code WACALL_TEMPORAL_ENCRYPTION_ENABLED}); off
 *     by default, the embedded mode included
 * @param keys {@code keyId:base64Key} entries, 32-byte AES keys ({@code openssl rand -base64 32});
 *     the first encrypts, every one decrypts, so a rotation puts the new key first and keeps the old
 *     ones while histories hold payloads under them. Comma-separated in the environment variable
 *     {@code WACALL_TEMPORAL_ENCRYPTION_KEYS=k2:...,k1:...}
 */
@ConfigurationProperties(PayloadEncryptionProperties.PREFIX)
public record PayloadEncryptionProperties(@DefaultValue("false") boolean enabled, @DefaultValue List<String> keys) {
  public static final String PREFIX = "wacall.temporal.encryption";
  /** The switch, for {@code @ConditionalOnProperty(name = ENABLED, havingValue = "true")}. */
  public static final String ENABLED = PREFIX + ".enabled";

  /** The configured keys, checked: refuses a configuration that cannot encrypt, naming the fault. */
  public EncryptionKeys parsedKeys() {
    if (keys.isEmpty()) {
      throw new IllegalStateException(ENABLED + " is true but " + PREFIX + ".keys (WACALL_TEMPORAL_ENCRYPTION_KEYS) "
          + "lists no key; set keyId:base64Key entries, e.g. k1:$(openssl rand -base64 32)");
    }
    return EncryptionKeys.parse(keys);
  }
}
