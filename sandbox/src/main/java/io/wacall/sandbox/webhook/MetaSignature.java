package io.wacall.sandbox.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How Meta signs a webhook: {@code X-Hub-Signature-256: sha256=<hex>}, the HMAC-SHA256 of the raw
 * body keyed with the app secret. The sandbox plays Meta, so it signs on its own rather than with
 * wacall's verifier: a fault in the verifier cannot then hide behind a signer that shares it.
 */
public final class MetaSignature {
  public static final String HEADER = "X-Hub-Signature-256";

  private MetaSignature() {}

  public static String sign(byte[] body, String appSecret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
