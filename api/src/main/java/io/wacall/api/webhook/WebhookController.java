package io.wacall.api.webhook;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The endpoint Meta delivers WhatsApp webhooks to.
 *
 * <p>POST, in this order: at most 3 MB is read (413 beyond), the {@code X-Hub-Signature-256} HMAC
 * of the exact raw bytes is checked against the app secret, and during a rotation against the
 * previous one too (401, before any parsing), the JSON is parsed (400 when it is
 * not a JSON object), every event is stored in one transaction, Meta gets its 200, and the new
 * events are dispatched on other threads. A failure to store answers 500, so Meta redelivers.
 */
@RestController
@RequestMapping(WebhookController.PATH)
public class WebhookController {
  public static final String PATH = "/webhooks/whatsapp";
  /** Meta's payloads are at most 3 MB; a larger body is not a webhook of theirs. */
  public static final int MAX_BODY_BYTES = 3 * 1024 * 1024;

  private static final Logger log = LoggerFactory.getLogger(WebhookController.class);

  private final WebhookProperties properties;
  private final WebhookIntake intake;
  private final WebhookDispatchRunner dispatch;
  private final ObjectReader json;

  public WebhookController(WebhookProperties properties, WebhookIntake intake, WebhookDispatchRunner dispatch,
      ObjectMapper objectMapper) {
    this.properties = properties;
    this.intake = intake;
    this.dispatch = dispatch;
    this.json = objectMapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    if (!properties.hasAppSecret()) {
      log.warn("wacall.webhook.app-secret is not set: every webhook POST will be refused with 401");
    }
    if (!properties.hasVerifyToken()) {
      log.warn("wacall.webhook.verify-token is not set: every verification handshake will be refused with 403");
    }
    if (properties.hasAppSecret() && properties.hasPreviousAppSecret()) {
      log.info("wacall.webhook.previous-app-secret is set: webhooks signed with it are accepted too until it is removed");
    }
  }

  /** The verification handshake Meta sends when the callback URL or verify token is saved. */
  @GetMapping
  public ResponseEntity<?> verify(
      @RequestParam(name = "hub.mode", required = false) String mode,
      @RequestParam(name = "hub.verify_token", required = false) String token,
      @RequestParam(name = "hub.challenge", required = false) String challenge) {
    if (!"subscribe".equals(mode) || !properties.hasVerifyToken() || token == null
        || !MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
            properties.verifyToken().getBytes(StandardCharsets.UTF_8))) {
      log.warn("webhook verification refused (mode {}, token {})", mode, token == null ? "missing" : "wrong");
      return problem(HttpStatus.FORBIDDEN, "hub.mode must be subscribe and hub.verify_token must match");
    }
    if (challenge == null) {
      return problem(HttpStatus.BAD_REQUEST, "hub.challenge is missing");
    }
    log.info("webhook verification handshake answered");
    return ResponseEntity.ok()
        .contentType(MediaType.TEXT_PLAIN)
        .header("X-Content-Type-Options", "nosniff") // the body echoes the caller's input
        .body(challenge);
  }

  @PostMapping
  public ResponseEntity<?> receive(HttpServletRequest request,
      @RequestHeader(name = WebhookSignature.HEADER, required = false) String signature) throws IOException {
    if (request.getContentLengthLong() > MAX_BODY_BYTES) {
      return tooLarge();
    }
    byte[] body = readAtMost(request.getInputStream(), MAX_BODY_BYTES);
    if (body == null) {
      return tooLarge();
    }
    if (!properties.hasAppSecret()) {
      log.warn("webhook POST refused: wacall.webhook.app-secret is not set");
      return problem(HttpStatus.UNAUTHORIZED, "webhook signature cannot be checked");
    }
    WebhookSignature.Match match = WebhookSignature.match(body, signature, properties.appSecret(),
        properties.previousAppSecret());
    if (match == WebhookSignature.Match.NONE) {
      log.warn("webhook POST refused: {} signature ({} bytes from {})", signature == null ? "missing" : "invalid",
          body.length, request.getRemoteAddr());
      return problem(HttpStatus.UNAUTHORIZED, "missing or invalid " + WebhookSignature.HEADER);
    }
    if (match == WebhookSignature.Match.PREVIOUS) {
      // the rotation is not over while this appears: remove the previous secret once it stops
      log.info("webhook POST signed with the previous app secret (wacall.webhook.previous-app-secret)");
    }
    JsonNode document;
    try {
      document = json.readTree(body);
    } catch (IOException e) {
      log.warn("webhook POST refused: signed body is not valid JSON ({} bytes)", body.length);
      return problem(HttpStatus.BAD_REQUEST, "body is not valid JSON");
    }
    if (document == null || !document.isObject()) {
      log.warn("webhook POST refused: signed body is not a JSON object");
      return problem(HttpStatus.BAD_REQUEST, "body is not a JSON object");
    }
    WebhookIntake.Result result = intake.accept(document);
    dispatch.dispatchSoon(result.pendingIds());
    return ResponseEntity.ok().build();
  }

  /** The body, or null when it is longer than {@code limit}. */
  static byte[] readAtMost(InputStream in, int limit) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(8 * 1024);
    byte[] buffer = new byte[8 * 1024];
    int total = 0;
    int n;
    while ((n = in.read(buffer)) != -1) {
      total += n;
      if (total > limit) {
        return null;
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  private ResponseEntity<ProblemDetail> tooLarge() {
    log.warn("webhook POST refused: body larger than {} bytes", MAX_BODY_BYTES);
    return problem(HttpStatus.PAYLOAD_TOO_LARGE, "webhook bodies are at most " + MAX_BODY_BYTES + " bytes");
  }

  private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
    return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, detail));
  }
}
