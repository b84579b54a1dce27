package io.wacall.backend.temporal.codec;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.EncodingKeys;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encrypts whole payloads (their metadata and data, serialised) with AES-256-GCM from the JDK: a
 * fresh random 12-byte IV per payload, a 128-bit tag. The encrypted payload carries
 * {@code encoding: binary/encrypted} and {@code encryption-key-id: <id>} in its metadata, and
 * {@code IV || ciphertext || tag} as data: the layout of Temporal's encryption samples, so a codec
 * server written from them in another language reads wacall's payloads.
 *
 * <p>Decoding picks the key by the id in the metadata, so payloads written under an older key
 * decode while that key is configured. Payloads that are not {@code binary/encrypted} pass through
 * untouched: histories written before encryption was switched on still replay.
 */
public final class AesGcmPayloadCodec implements PayloadCodec {
  public static final String ENCODING = "binary/encrypted";
  public static final String KEY_ID = "encryption-key-id";
  static final int IV_BYTES = 12;
  static final int TAG_BITS = 128;
  private static final String TRANSFORMATION = "AES/GCM/NoPadding";
  private static final ByteString ENCODING_BYTES = ByteString.copyFromUtf8(ENCODING);

  private final EncryptionKeys keys;
  private final SecureRandom random = new SecureRandom();

  public AesGcmPayloadCodec(EncryptionKeys keys) {
    this.keys = keys;
  }

  public EncryptionKeys keys() {
    return keys;
  }

  @Override
  public List<Payload> encode(List<Payload> payloads) {
    return payloads.stream().map(this::encrypt).toList();
  }

  @Override
  public List<Payload> decode(List<Payload> payloads) {
    return payloads.stream().map(this::decrypt).toList();
  }

  /** Whether {@code payload} is one this codec wrote (whatever key). */
  public static boolean isEncrypted(Payload payload) {
    return ENCODING_BYTES.equals(payload.getMetadataOrDefault(EncodingKeys.METADATA_ENCODING_KEY, ByteString.EMPTY));
  }

  private Payload encrypt(Payload payload) {
    byte[] iv = new byte[IV_BYTES];
    random.nextBytes(iv);
    byte[] sealed;
    try {
      sealed = cipher(Cipher.ENCRYPT_MODE, keys.activeKey(), iv).doFinal(payload.toByteArray());
    } catch (GeneralSecurityException e) {
      throw new PayloadCodecException("cannot encrypt a payload with key '" + keys.activeId() + "'", e);
    }
    return Payload.newBuilder()
        .putMetadata(EncodingKeys.METADATA_ENCODING_KEY, ENCODING_BYTES)
        .putMetadata(KEY_ID, ByteString.copyFromUtf8(keys.activeId()))
        .setData(ByteString.copyFrom(iv).concat(ByteString.copyFrom(sealed)))
        .build();
  }

  private Payload decrypt(Payload payload) {
    if (!isEncrypted(payload)) {
      return payload;
    }
    ByteString idBytes = payload.getMetadataOrDefault(KEY_ID, null);
    if (idBytes == null) {
      throw new PayloadCodecException("an encrypted payload carries no " + KEY_ID + " in its metadata");
    }
    String id = idBytes.toStringUtf8();
    SecretKey key = keys.key(id).orElseThrow(() -> new PayloadCodecException("a payload is encrypted with key id '"
        + id + "', which is not configured (configured: " + String.join(", ", keys.ids()) + "); add that key to "
        + PayloadEncryptionProperties.PREFIX + ".keys to read it"));
    ByteString data = payload.getData();
    if (data.size() < IV_BYTES + TAG_BITS / 8) {
      throw new PayloadCodecException("an encrypted payload (key id '" + id + "') is too short to hold an IV and a tag");
    }
    byte[] plain;
    try {
      plain = cipher(Cipher.DECRYPT_MODE, key, data.substring(0, IV_BYTES).toByteArray())
          .doFinal(data.substring(IV_BYTES).toByteArray());
    } catch (AEADBadTagException e) {
      throw new PayloadCodecException("an encrypted payload (key id '" + id + "') fails authentication: it was "
          + "altered, or encrypted under another key with the same id", e);
    } catch (GeneralSecurityException e) {
      throw new PayloadCodecException("cannot decrypt a payload with key id '" + id + "'", e);
    }
    try {
      return Payload.parseFrom(plain);
    } catch (InvalidProtocolBufferException e) {
      throw new PayloadCodecException("a payload decrypted with key id '" + id + "' is not a Temporal payload", e);
    }
  }

  private static Cipher cipher(int mode, SecretKey key, byte[] iv) throws GeneralSecurityException {
    // a Cipher is not thread-safe: one per payload (the provider lookup is cached by the JDK)
    Cipher cipher = Cipher.getInstance(TRANSFORMATION);
    cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
    return cipher;
  }
}
