package io.wacall.api.codec;

import com.google.protobuf.ByteString;
import io.swagger.v3.oas.annotations.media.Schema;
import io.temporal.api.common.v1.Payload;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * The body of the Temporal codec server protocol, both ways: Temporal's {@code Payloads} message in
 * protobuf's JSON form, so every metadata value and every data field is base64.
 */
@Schema(description = "Temporal Payloads in protobuf JSON form: metadata values and data are base64")
public record CodecPayloads(List<CodecPayload> payloads) {
  public CodecPayloads {
    payloads = payloads == null ? List.of() : List.copyOf(payloads);
  }

  /** One payload, e.g. {@code {"metadata":{"encoding":"anNvbi9wbGFpbg=="},"data":"eyJ3YUlkIjoiLi4uIn0="}}. */
  public record CodecPayload(Map<String, String> metadata, String data) {}

  static CodecPayloads of(List<Payload> payloads) {
    return new CodecPayloads(payloads.stream().map(p -> {
      Map<String, String> metadata = new TreeMap<>();
      p.getMetadataMap().forEach((key, value) -> metadata.put(key, base64(value)));
      return new CodecPayload(metadata, base64(p.getData()));
    }).toList());
  }

  /** The payloads as protobuf; IllegalArgumentException (a 400) naming the field that is not base64. */
  List<Payload> toProto() {
    return IntStream.range(0, payloads.size()).mapToObj(i -> {
      CodecPayload p = payloads.get(i);
      Payload.Builder payload = Payload.newBuilder();
      Map<String, String> metadata = p == null || p.metadata() == null ? Map.of() : new LinkedHashMap<>(p.metadata());
      metadata.forEach((key, value) -> payload.putMetadata(key, bytes(value, "payloads[" + i + "].metadata." + key)));
      if (p != null && p.data() != null) {
        payload.setData(bytes(p.data(), "payloads[" + i + "].data"));
      }
      return payload.build();
    }).toList();
  }

  private static String base64(ByteString bytes) {
    return Base64.getEncoder().encodeToString(bytes.toByteArray());
  }

  /** Standard or URL-safe base64, padded or not, as protobuf's JSON parser accepts it. */
  private static ByteString bytes(String base64, String field) {
    String value = base64 == null ? "" : base64;
    try {
      Base64.Decoder decoder = value.indexOf('-') >= 0 || value.indexOf('_') >= 0
          ? Base64.getUrlDecoder() : Base64.getDecoder();
      return ByteString.copyFrom(decoder.decode(value));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + " is not base64");
    }
  }
}
