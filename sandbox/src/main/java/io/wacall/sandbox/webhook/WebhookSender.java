package io.wacall.sandbox.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wacall.sandbox.SandboxProperties;
import io.wacall.sandbox.SandboxScheduler;
import io.wacall.sandbox.SandboxTime;
import io.wacall.sandbox.webhook.WebhookLog.Outcome;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Delivers webhooks as Meta does: the payload serialised once, the HMAC-SHA256 of exactly those
 * bytes in {@code X-Hub-Signature-256}, a POST with {@code Content-Type: application/json}, and on
 * failure (no answer or a non-2xx one) a bounded number of retries with doubling waits (section
 * 3.5).
 *
 * <p>Webhooks are queued per customer and each queue is drained by one task at a time, so one
 * customer's webhooks leave in the order their events happened (RINGING before ACCEPTED before
 * terminate) while different customers proceed in parallel. A retry leaves the queue and goes
 * later, so like Meta's, late deliveries can overtake: our adapter must not rely on order.
 */
@Component
public class WebhookSender {
  private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);

  /** The path our adapter serves; used when wacall.sandbox.webhook-url is not set. */
  static final String ADAPTER_PATH = "/webhooks/whatsapp";

  /** Meta's webhook requests carry this user agent. */
  private static final String USER_AGENT = "facebookexternalua";

  private final SandboxProperties.Delivery delivery;
  private final URI configuredUrl;
  private final String appSecret;
  private final Environment environment;
  private final ObjectMapper objectMapper;
  private final SandboxScheduler scheduler;
  private final SandboxTime time;
  private final WebhookLog webhookLog;
  private final RestClient http;
  private final ConcurrentMap<String, Outbox> outboxes = new ConcurrentHashMap<>();

  public WebhookSender(
      SandboxProperties properties,
      Environment environment,
      ObjectMapper objectMapper,
      SandboxScheduler scheduler,
      SandboxTime time,
      WebhookLog webhookLog) {
    this.delivery = properties.delivery();
    this.configuredUrl = properties.webhookUrl();
    this.appSecret =
        StringUtils.hasText(properties.appSecret())
            ? properties.appSecret()
            : environment.getProperty("wacall.webhook.app-secret");
    if (!StringUtils.hasText(appSecret)) {
      throw new IllegalStateException(
          "The sandbox signs webhooks with the app secret our adapter verifies: set"
              + " wacall.webhook.app-secret (or wacall.sandbox.app-secret)");
    }
    this.environment = environment;
    this.objectMapper = objectMapper;
    this.scheduler = scheduler;
    this.time = time;
    this.webhookLog = webhookLog;
    // HTTP/1.1 as Meta speaks it; the JDK client would otherwise try an h2c upgrade.
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(delivery.connectTimeout())
            .build();
    JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(client);
    requestFactory.setReadTimeout(delivery.timeout());
    this.http = RestClient.builder().requestFactory(requestFactory).build();
  }

  /**
   * Queues webhooks for delivery after every webhook already queued for the same customer. Never
   * blocks, so it may be called while holding a customer's lock, which is what keeps the queue in
   * the order of the state changes.
   */
  public void enqueue(List<Webhook> webhooks) {
    for (Webhook webhook : webhooks) {
      outboxes.computeIfAbsent(webhook.waId(), waId -> new Outbox()).add(webhook);
    }
  }

  public void enqueue(Webhook webhook) {
    enqueue(List.of(webhook));
  }

  /** First attempt now, on this thread; a failed attempt is retried later. */
  private void send(Webhook webhook) {
    byte[] body;
    try {
      body = objectMapper.writeValueAsBytes(webhook.payload());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + webhook.summary(), e);
    }
    URI url = webhookUrl();
    String signature = MetaSignature.sign(body, appSecret);
    long sequence =
        webhookLog.add(
            webhook, url.toString(), new String(body, StandardCharsets.UTF_8), time.now());
    attempt(new Outgoing(sequence, webhook.summary(), url, body, signature), 1);
  }

  private void attempt(Outgoing d, int attempt) {
    Answer answer = post(d);
    boolean retry = !answer.delivered() && attempt < delivery.maxAttempts();
    Outcome outcome =
        answer.delivered() ? Outcome.DELIVERED : retry ? Outcome.RETRYING : Outcome.GAVE_UP;
    webhookLog.update(
        d.sequence(),
        entry -> entry.afterAttempt(outcome, attempt, answer.status(), answer.failure()));
    if (answer.delivered()) {
      log.info("webhook #{} {} -> {}", d.sequence(), d.summary(), answer.status());
    } else if (!retry) {
      log.warn(
          "webhook #{} {} failed ({}), giving up after {} attempts",
          d.sequence(),
          d.summary(),
          answer.failure(),
          attempt);
    } else {
      Duration wait = delivery.firstRetryDelay().multipliedBy(1L << (attempt - 1));
      log.warn(
          "webhook #{} {} failed ({}), attempt {} of {}, retrying in {}",
          d.sequence(),
          d.summary(),
          answer.failure(),
          attempt,
          delivery.maxAttempts(),
          wait);
      scheduler.schedule(wait, () -> attempt(d, attempt + 1));
    }
  }

  private Answer post(Outgoing d) {
    try {
      int status =
          http.post()
              .uri(d.url())
              .contentType(MediaType.APPLICATION_JSON)
              .header(MetaSignature.HEADER, d.signature())
              .header("User-Agent", USER_AGENT)
              .body(d.body())
              .exchange((request, response) -> response.getStatusCode().value());
      boolean delivered = HttpStatusCode.valueOf(status).is2xxSuccessful();
      return new Answer(status, delivered ? null : "HTTP " + status);
    } catch (RestClientException e) {
      return new Answer(null, e.getMostSpecificCause().toString());
    }
  }

  /** The configured URL, else our adapter in this process, on the port the server really got. */
  private URI webhookUrl() {
    if (configuredUrl != null) {
      return configuredUrl;
    }
    String port =
        environment.getProperty(
            "local.server.port", environment.getProperty("server.port", "8080"));
    String contextPath = environment.getProperty("server.servlet.context-path", "");
    return URI.create("http://127.0.0.1:" + port + contextPath + ADAPTER_PATH);
  }

  /** One customer's queue; at most one drain task runs for it at a time. */
  private final class Outbox {
    private final Deque<Webhook> queue = new ArrayDeque<>();
    private boolean draining;

    void add(Webhook webhook) {
      synchronized (this) {
        queue.addLast(webhook);
        if (draining) {
          return;
        }
        draining = true;
      }
      scheduler.execute(this::drain);
    }

    private void drain() {
      while (true) {
        Webhook next;
        synchronized (this) {
          next = queue.pollFirst();
          if (next == null) {
            draining = false;
            return;
          }
        }
        try {
          send(next);
        } catch (RuntimeException e) {
          log.error("webhook {} not sent", next.summary(), e);
        }
      }
    }
  }

  private record Outgoing(long sequence, String summary, URI url, byte[] body, String signature) {}

  /** Our adapter's HTTP status, or null when it could not be reached; failure says why not 2xx. */
  private record Answer(Integer status, String failure) {
    boolean delivered() {
      return failure == null;
    }
  }
}
