package io.wacall.benchmark;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Item 2 of the benchmark: how fast Meta's webhook is acknowledged, open loop at fixed rates,
 * next to the webhook handshake (a GET the same server answers with no work: the floor this
 * machine allows) at the same rates. The POST is a signed message-status webhook for a message
 * that is not a permission request of ours: verified, split, stored, acknowledged, then
 * dispatched (and ignored) behind the acknowledgement, as most of Meta's traffic is.
 */
final class WebhookLatency {
  private final Stack stack;
  private final String runId = Long.toString(System.currentTimeMillis(), 36);

  WebhookLatency(Stack stack) {
    this.stack = stack;
  }

  record Row(int rate, String what, OpenLoop.Result result) {}

  List<Row> measure(int[] rates, Duration warmup, Duration duration) throws Exception {
    OpenLoop.run(rates[0], warmup, i -> handshake(i));
    OpenLoop.run(rates[0], warmup, i -> webhook("warm-" + i));
    List<Row> rows = new ArrayList<>();
    for (int rate : rates) {
      rows.add(new Row(rate, "handshake GET", OpenLoop.run(rate, duration, i -> handshake(i))));
      rows.add(new Row(rate, "webhook POST", OpenLoop.run(rate, duration, i -> webhook(rate + "-" + i))));
    }
    return rows;
  }

  private HttpRequest handshake(long i) {
    return HttpRequest.newBuilder(URI.create(stack.baseUrl + "/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token="
        + Stack.VERIFY_TOKEN + "&hub.challenge=" + i)).timeout(Duration.ofSeconds(10)).GET().build();
  }

  private HttpRequest webhook(String n) {
    byte[] body = """
        {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{
        "messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},
        "statuses":[{"id":"wamid.bench.%s.%s","status":"delivered","timestamp":"%d","recipient_id":"16315551181"}]},
        "field":"messages"}]}]}""".formatted(runId, n, System.currentTimeMillis() / 1000)
        .getBytes(StandardCharsets.UTF_8);
    return HttpRequest.newBuilder(URI.create(stack.baseUrl + "/webhooks/whatsapp"))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .header("X-Hub-Signature-256", "sha256=" + hmac(body))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
  }

  /** Meta's signature: HMAC-SHA256 of the raw body with the app secret, hex. */
  private static String hmac(byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(Stack.APP_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
