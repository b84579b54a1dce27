package io.wacall.api.webhook;

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

  @Test
  void duringARotation_eitherSecretMatches_andTheMatchNamesWhichOne() {
    String byCurrent = WebhookSignature.sign(BODY, "new-secret");
    String byPrevious = WebhookSignature.sign(BODY, "old-secret");

    assertThat(WebhookSignature.match(BODY, byCurrent, "new-secret", "old-secret")).isEqualTo(WebhookSignature.Match.CURRENT);
    assertThat(WebhookSignature.match(BODY, byPrevious, "new-secret", "old-secret")).isEqualTo(WebhookSignature.Match.PREVIOUS);
    assertThat(WebhookSignature.match(BODY, WebhookSignature.sign(BODY, "a-third"), "new-secret", "old-secret"))
        .isEqualTo(WebhookSignature.Match.NONE);
  }

  @Test
  void withoutAPreviousSecret_orWithoutACurrentOne_onlyTheCurrentSecretCounts() {
    String byPrevious = WebhookSignature.sign(BODY, "old-secret");

    assertThat(WebhookSignature.match(BODY, byPrevious, "new-secret", null)).isEqualTo(WebhookSignature.Match.NONE);
    assertThat(WebhookSignature.match(BODY, byPrevious, "new-secret", "")).isEqualTo(WebhookSignature.Match.NONE);
    assertThat(WebhookSignature.match(BODY, byPrevious, "", "old-secret")).isEqualTo(WebhookSignature.Match.NONE);
    assertThat(WebhookSignature.match(BODY, byPrevious, null, "old-secret")).isEqualTo(WebhookSignature.Match.NONE);
    assertThat(WebhookSignature.match(BODY, "sha256=zz", "new-secret", "old-secret")).isEqualTo(WebhookSignature.Match.NONE);
    assertThat(WebhookSignature.match(BODY, null, "new-secret", "old-secret")).isEqualTo(WebhookSignature.Match.NONE);
  }
}
