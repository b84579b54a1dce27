package io.wacall.backend.temporal.codec;

import static io.wacall.backend.temporal.codec.TestKeys.codec;
import static io.wacall.backend.temporal.codec.TestKeys.entry;
import static io.wacall.backend.temporal.codec.TestKeys.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.failure.v1.Failure;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.failure.ApplicationFailure;
import io.temporal.payload.codec.PayloadCodecException;
import io.wacall.contract.permission.command.PermissionInput;
import java.util.List;
import org.junit.jupiter.api.Test;

class AesGcmPayloadCodecTest {
  static final String WA_ID = "5511988880123";
  static final Payload INPUT = DefaultDataConverter.STANDARD_INSTANCE
      .toPayload(PermissionInput.fresh("106540352242922", WA_ID)).orElseThrow();

  @Test
  void aRoundTripRestoresThePayloadExactly_andTheStoredFormHidesItsDataAndMetadata() {
    AesGcmPayloadCodec codec = codec(entry("k1", 1));

    Payload encrypted = codec.encode(List.of(INPUT)).get(0);

    assertThat(encrypted.getMetadataMap()).containsOnlyKeys("encoding", "encryption-key-id");
    assertThat(encrypted.getMetadataOrThrow("encoding").toStringUtf8()).isEqualTo("binary/encrypted");
    assertThat(encrypted.getMetadataOrThrow("encryption-key-id").toStringUtf8()).isEqualTo("k1");
    assertThat(AesGcmPayloadCodec.isEncrypted(encrypted)).isTrue();
    // IV (12) + the serialised payload + tag (16): GCM adds no padding
    assertThat(encrypted.getData().size()).isEqualTo(12 + INPUT.toByteArray().length + 16);
    assertThat(encrypted.getData().toStringUtf8()).doesNotContain(WA_ID).doesNotContain("json/plain");
    assertThat(codec.decode(List.of(encrypted))).containsExactly(INPUT);
  }

  @Test
  void everyPayloadGetsAFreshIv() {
    AesGcmPayloadCodec codec = codec(entry("k1", 1));

    List<Payload> twice = codec.encode(List.of(INPUT, INPUT));

    assertThat(twice.get(0).getData().substring(0, 12)).isNotEqualTo(twice.get(1).getData().substring(0, 12));
    assertThat(twice.get(0).getData()).isNotEqualTo(twice.get(1).getData());
    assertThat(codec.decode(twice)).containsExactly(INPUT, INPUT);
  }

  @Test
  void afterARotation_theNewKeyEncrypts_andPayloadsUnderTheOldKeyStillDecode() {
    Payload underK1 = codec(entry("k1", 1)).encode(List.of(INPUT)).get(0);
    AesGcmPayloadCodec rotated = codec(entry("k2", 2), entry("k1", 1));

    Payload underK2 = rotated.encode(List.of(INPUT)).get(0);

    assertThat(underK2.getMetadataOrThrow("encryption-key-id").toStringUtf8()).isEqualTo("k2");
    assertThat(rotated.decode(List.of(underK1, underK2))).containsExactly(INPUT, INPUT);
  }

  @Test
  void aPayloadUnderAKeyNoLongerConfigured_failsNamingTheKeyId_neverAKey() {
    Payload underK1 = codec(entry("k1", 1)).encode(List.of(INPUT)).get(0);
    AesGcmPayloadCodec withoutK1 = codec(entry("k2", 2));

    assertThatThrownBy(() -> withoutK1.decode(List.of(underK1)))
        .isInstanceOf(PayloadCodecException.class)
        .hasMessageContaining("key id 'k1'")
        .hasMessageContaining("configured: k2")
        .hasMessageNotContaining(key(1))
        .hasMessageNotContaining(key(2));
  }

  @Test
  void aKeyWithTheRightIdButOtherBytes_failsAuthentication() {
    Payload underK1 = codec(entry("k1", 1)).encode(List.of(INPUT)).get(0);

    assertThatThrownBy(() -> codec(entry("k1", 9)).decode(List.of(underK1)))
        .isInstanceOf(PayloadCodecException.class)
        .hasMessageContaining("fails authentication");
  }

  @Test
  void alteredCiphertext_anAlteredIv_orATruncatedPayload_areRefused() {
    AesGcmPayloadCodec codec = codec(entry("k1", 1));
    Payload encrypted = codec.encode(List.of(INPUT)).get(0);

    assertThatThrownBy(() -> codec.decode(List.of(flipByte(encrypted, 20))))
        .isInstanceOf(PayloadCodecException.class).hasMessageContaining("fails authentication");
    assertThatThrownBy(() -> codec.decode(List.of(flipByte(encrypted, 3))))
        .isInstanceOf(PayloadCodecException.class).hasMessageContaining("fails authentication");
    assertThatThrownBy(() -> codec.decode(List.of(flipByte(encrypted, encrypted.getData().size() - 1))))
        .isInstanceOf(PayloadCodecException.class).hasMessageContaining("fails authentication");
    Payload truncated = encrypted.toBuilder().setData(encrypted.getData().substring(0, 20)).build();
    assertThatThrownBy(() -> codec.decode(List.of(truncated)))
        .isInstanceOf(PayloadCodecException.class).hasMessageContaining("too short");
  }

  @Test
  void anEncryptedPayloadWithoutAKeyId_isRefused() {
    AesGcmPayloadCodec codec = codec(entry("k1", 1));
    Payload encrypted = codec.encode(List.of(INPUT)).get(0);
    Payload anonymous = encrypted.toBuilder().removeMetadata("encryption-key-id").build();

    assertThatThrownBy(() -> codec.decode(List.of(anonymous)))
        .isInstanceOf(PayloadCodecException.class).hasMessageContaining("no encryption-key-id");
  }

  @Test
  void payloadsThatAreNotEncrypted_passThroughDecodeUntouched() {
    Payload nothing = DefaultDataConverter.STANDARD_INSTANCE.toPayload(null).orElseThrow();
    Payload bytes = DefaultDataConverter.STANDARD_INSTANCE.toPayload(new byte[] {1, 2, 3}).orElseThrow();

    assertThat(codec(entry("k1", 1)).decode(List.of(INPUT, nothing, bytes))).containsExactly(INPUT, nothing, bytes);
  }

  @Test
  void behindTheSdksCodecDataConverter_valuesAndFailureMessagesAreEncrypted() {
    CodecDataConverter converter = new CodecDataConverter(DefaultDataConverter.STANDARD_INSTANCE,
        List.of(codec(entry("k1", 1))), true);
    PermissionInput input = PermissionInput.fresh("106540352242922", WA_ID);

    Payload stored = converter.toPayload(input).orElseThrow();
    Failure failure = converter.exceptionToFailure(
        ApplicationFailure.newNonRetryableFailure("Meta refused " + WA_ID, "CloudApiRejected"));

    assertThat(AesGcmPayloadCodec.isEncrypted(stored)).isTrue();
    assertThat(converter.fromPayload(stored, PermissionInput.class, PermissionInput.class)).isEqualTo(input);
    assertThat(failure.getMessage()).doesNotContain(WA_ID);
    assertThat(failure.getStackTrace()).isEmpty();
    assertThat(AesGcmPayloadCodec.isEncrypted(failure.getEncodedAttributes())).isTrue();
    assertThat(converter.failureToException(failure)).hasMessageContaining("Meta refused " + WA_ID);
  }

  private static Payload flipByte(Payload payload, int index) {
    byte[] data = payload.getData().toByteArray();
    data[index] ^= 0x01;
    return payload.toBuilder().setData(ByteString.copyFrom(data)).build();
  }
}
