package io.wacall.activities.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
  private static final byte[] BODY = "{\"object\":\"whatsapp_business_account\"}".getBytes(StandardCharsets.UTF_8);

  @Test
  void signatureMatchesAKnownHmacSha256Vector() {
    // RFC 4231-style check computed independently: openssl dgst -sha256 -hmac secret
    byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
    assertThat(WebhookSignature.sign(body, "secret"))
        .isEqualTo("sha256=88aab3ede8d3adf94d26ab90d3bafd4a2083070c3bcce9c014ee04a443847c0b");
  }

  @Test
  void aSignatureOfTheSameBytesVerifies() {
    assertThat(WebhookSignature.verify(BODY, WebhookSignature.sign(BODY, "s3cret"), "s3cret")).isTrue();
  }

  @Test
  void aWrongSecretAChangedByteOrAMalformedHeaderFails() {
    String header = WebhookSignature.sign(BODY, "s3cret");
    assertThat(WebhookSignature.verify(BODY, header, "other")).isFalse();
    byte[] changed = BODY.clone();
    changed[3] ^= 1;
    assertThat(WebhookSignature.verify(changed, header, "s3cret")).isFalse();
    assertThat(WebhookSignature.verify(BODY, null, "s3cret")).isFalse();
    assertThat(WebhookSignature.verify(BODY, "sha1=abc", "s3cret")).isFalse();
    assertThat(WebhookSignature.verify(BODY, "sha256=zz", "s3cret")).isFalse();
    assertThat(WebhookSignature.verify(BODY, header, "")).isFalse();
  }
}
