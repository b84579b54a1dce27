package io.wacall.api.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The HMAC keys of the agent tokens, from {@code keyId:secret} settings. The first key signs; all
 * of them verify, chosen by the token's {@code kid}, so a key can be rotated without logging anyone
 * out: add the new key first, then drop the old one once its tokens have expired. A token whose key
 * was dropped (retired) is refused.
 */
final class AgentTokenKeys {
  /** HS256 wants a key at least as long as its hash (RFC 7518, section 3.2). */
  static final int MIN_SECRET_BYTES = 32;

  private final List<OctetSequenceKey> keys;

  private AgentTokenKeys(List<OctetSequenceKey> keys) {
    this.keys = keys;
  }

  static AgentTokenKeys parse(List<String> settings) {
    List<OctetSequenceKey> keys = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (String setting : settings) {
      if (setting == null || setting.isBlank()) {
        continue;
      }
      int colon = setting.indexOf(':');
      if (colon <= 0 || colon == setting.length() - 1) {
        throw new IllegalStateException("wacall.api.agent-tokens.keys: each key is keyId:secret (got a value without"
            + " a key id or secret)");
      }
      String id = setting.substring(0, colon).trim();
      byte[] secret = setting.substring(colon + 1).trim().getBytes(StandardCharsets.UTF_8);
      if (secret.length < MIN_SECRET_BYTES) {
        throw new IllegalStateException("wacall.api.agent-tokens.keys: the secret of key '" + id + "' is shorter than "
            + MIN_SECRET_BYTES + " bytes (e.g. openssl rand -hex 32)");
      }
      if (!ids.add(id)) {
        throw new IllegalStateException("wacall.api.agent-tokens.keys: key id '" + id + "' is listed twice");
      }
      keys.add(new OctetSequenceKey.Builder(secret).keyID(id).algorithm(JWSAlgorithm.HS256).keyUse(KeyUse.SIGNATURE)
          .build());
    }
    return new AgentTokenKeys(List.copyOf(keys));
  }

  boolean isEmpty() {
    return keys.isEmpty();
  }

  /** The key that signs new tokens. */
  OctetSequenceKey signing() {
    if (keys.isEmpty()) {
      throw new IllegalStateException("no agent token key is configured");
    }
    return keys.get(0);
  }

  JWKSet verifying() {
    return new JWKSet(List.<JWK>copyOf(keys));
  }
}
