package io.wacall.api.codec;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.temporal.api.common.v1.Payload;
import io.temporal.payload.codec.PayloadCodecException;
import io.wacall.backend.temporal.codec.AesGcmPayloadCodec;
import io.wacall.backend.temporal.codec.PayloadEncryptionProperties;
import io.wacall.api.security.Role;
import io.wacall.api.security.Roles;
import io.wacall.api.web.Fails;
import io.wacall.api.web.ProblemCode;
import io.wacall.api.web.Problems;
import java.util.List;
import java.util.function.UnaryOperator;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Temporal codec server protocol over wacall's payload codec, so that operators read encrypted
 * payloads in the Temporal UI ("Data Encoder", or {@code TEMPORAL_CODEC_ENDPOINT}) and with
 * {@code temporal --codec-endpoint}: {@code POST /codec/decode} and {@code POST /codec/encode}, body
 * and answer {@code {"payloads":[{"metadata":{...},"data":"..."}]}}.
 *
 * <p>Present only when payload encryption is enabled: without keys there is nothing to decode, and
 * a route that is absent (404) cannot leak anything. It serves wacall's namespace only: a request
 * whose {@code X-Namespace} header names another one is refused (400 {@code NAMESPACE_NOT_SERVED}),
 * so another namespace's payloads are never encrypted under wacall's keys; without the header the
 * request is served. A payload that cannot be decrypted (a key no longer configured, altered
 * bytes) fails the whole request with 422 {@code PAYLOAD_NOT_DECODABLE}, naming the key id.
 * Operators only, and CORS for the Temporal UI's origin ({@code wacall.codec.cors-origins}): both
 * in SecurityConfiguration's rules for {@code /codec/**}.
 */
@RestController
@RequestMapping(path = "/codec", consumes = MediaType.APPLICATION_JSON_VALUE,
    produces = MediaType.APPLICATION_JSON_VALUE)
@ConditionalOnProperty(name = PayloadEncryptionProperties.ENABLED, havingValue = "true")
@Tag(name = "Payload codec")
public class CodecController {
  static final String NAMESPACE_HEADER = "X-Namespace";
  private final AesGcmPayloadCodec codec;
  private final String namespace;

  public CodecController(AesGcmPayloadCodec codec, @Value("${spring.temporal.namespace:default}") String namespace) {
    this.codec = codec;
    this.namespace = namespace;
  }

  @PostMapping("/decode")
  @Roles({Role.OPERATOR})
  @Fails({ProblemCode.NAMESPACE_NOT_SERVED, ProblemCode.PAYLOAD_NOT_DECODABLE})
  @Operation(summary = "Decrypt payloads read from wacall's Temporal histories (Temporal codec server protocol)")
  public CodecPayloads decode(@RequestHeader(name = NAMESPACE_HEADER, required = false) String requested,
      @RequestBody CodecPayloads body) {
    return apply(requested, body, codec::decode);
  }

  @PostMapping("/encode")
  @Roles({Role.OPERATOR})
  @Fails({ProblemCode.NAMESPACE_NOT_SERVED})
  @Operation(summary = "Encrypt payloads with the active key, e.g. a signal's input typed in the Temporal UI")
  public CodecPayloads encode(@RequestHeader(name = NAMESPACE_HEADER, required = false) String requested,
      @RequestBody CodecPayloads body) {
    return apply(requested, body, codec::encode);
  }

  @ExceptionHandler(PayloadCodecException.class)
  ProblemDetail notDecodable(PayloadCodecException e) {
    // the codec's messages name key ids, never keys or payload contents
    return Problems.problem(HttpStatus.UNPROCESSABLE_ENTITY, ProblemCode.PAYLOAD_NOT_DECODABLE.name(), e.getMessage());
  }

  private CodecPayloads apply(String requested, CodecPayloads body, UnaryOperator<List<Payload>> operation) {
    checkNamespace(requested);
    return CodecPayloads.of(operation.apply(body.toProto()));
  }

  private void checkNamespace(String requested) {
    if (requested != null && !requested.isBlank() && !requested.equals(namespace)) {
      throw Problems.error(HttpStatus.BAD_REQUEST, ProblemCode.NAMESPACE_NOT_SERVED.name(),
          "this codec serves the namespace '" + namespace + "' only, not '" + requested + "'");
    }
  }
}
