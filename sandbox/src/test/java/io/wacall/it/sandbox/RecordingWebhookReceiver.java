package io.wacall.it.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wacall.api.webhook.WebhookSignature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** Stands where our webhook adapter stands: verifies the signature and records what arrived. */
@RestController
class RecordingWebhookReceiver {
  static final String APP_SECRET = "sandbox-test-app-secret";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One delivery, in arrival order. */
  record Received(JsonNode json, boolean signatureValid, String contentType) {
    JsonNode value() {
      return json.at("/entry/0/changes/0/value");
    }

    String field() {
      return json.at("/entry/0/changes/0/field").asText();
    }
  }

  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Map<Predicate<String>, AtomicInteger> failures = new ConcurrentHashMap<>();

  /** Answer 500 to the next {@code times} deliveries whose body matches. */
  void failNext(Predicate<String> body, int times) {
    failures.put(body, new AtomicInteger(times));
  }

  List<Received> received() {
    return received;
  }

  @PostMapping("/webhooks/whatsapp")
  ResponseEntity<Void> receive(
      @RequestBody byte[] body,
      @RequestHeader(name = WebhookSignature.HEADER, required = false) String signature,
      @RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false) String contentType)
      throws IOException {
    String text = new String(body, StandardCharsets.UTF_8);
    for (Map.Entry<Predicate<String>, AtomicInteger> failure : failures.entrySet()) {
      if (failure.getKey().test(text)
          && failure.getValue().getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).build();
      }
    }
    boolean valid = WebhookSignature.verify(body, signature, APP_SECRET);
    received.add(new Received(JSON.readTree(body), valid, contentType));
    return valid
        ? ResponseEntity.ok().build()
        : ResponseEntity.status(HttpStatus.FORBIDDEN).build();
  }
}
