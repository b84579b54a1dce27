package io.wacall.backend.temporal.codec;

import static io.wacall.backend.temporal.codec.TestKeys.entry;
import static io.wacall.backend.temporal.codec.TestKeys.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class EncryptionKeysTest {
  @Test
  void theFirstKeyEncrypts_andEveryKeyIsKnownInOrder() {
    EncryptionKeys keys = EncryptionKeys.parse(List.of(entry("k2", 2), " k1 : " + key(1) + " "));

    assertThat(keys.activeId()).isEqualTo("k2");
    assertThat(keys.ids()).containsExactly("k2", "k1");
    assertThat(keys.toString()).doesNotContain(key(1)).doesNotContain(key(2));
  }

  @Test
  void aKeyThatIsNot32BytesIsRefused_namingItsIdAndSize_neverTheKey() {
    String aes128 = Base64.getEncoder().encodeToString(new byte[16]);

    assertThatThrownBy(() -> EncryptionKeys.parse(List.of(entry("k2", 2), "short:" + aes128)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("wacall.temporal.encryption.keys")
        .hasMessageContaining("key 'short' is 16 bytes")
        .hasMessageContaining("openssl rand -base64 32")
        .hasMessageNotContaining(aes128);
  }

  @Test
  void aKeyThatIsNotBase64IsRefused_withoutQuotingIt() {
    assertThatThrownBy(() -> EncryptionKeys.parse(List.of("k1:not*base64*at*all")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("key 'k1' is not valid base64")
        .hasMessageNotContaining("not*base64")
        .hasNoCause();
  }

  @Test
  void anIdGivenTwiceIsRefused() {
    assertThatThrownBy(() -> EncryptionKeys.parse(List.of(entry("k1", 1), entry("k1", 2))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("key id 'k1' is given twice");
  }

  @Test
  void anEntryWithoutAnIdOrWithAnUnusableIdIsRefused_byPosition() {
    assertThatThrownBy(() -> EncryptionKeys.parse(List.of(entry("k1", 1), key(2))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("entry 2 is not keyId:base64Key")
        .hasMessageNotContaining(key(2));
    assertThatThrownBy(() -> EncryptionKeys.parse(List.of(":" + key(1))))
        .hasMessageContaining("entry 1 is not keyId:base64Key");
    assertThatThrownBy(() -> EncryptionKeys.parse(List.of("key one:" + key(1))))
        .hasMessageContaining("entry 1: a key id is 1-64 letters");
  }

  @Test
  void encryptionSwitchedOnWithoutAnyKeyIsRefused() {
    assertThatThrownBy(() -> new PayloadEncryptionProperties(true, List.of()).parsedKeys())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("wacall.temporal.encryption.enabled is true")
        .hasMessageContaining("WACALL_TEMPORAL_ENCRYPTION_KEYS");
  }
}
