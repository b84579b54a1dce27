package io.wacall.backend.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * wacall's domain metrics, next to the Temporal SDK's own worker and client metrics, in whatever
 * registry the process has (Prometheus at {@code /actuator/prometheus}). Names are Micrometer's
 * dotted form; Prometheus shows {@code wacall_calls_total} and so on. No customer number is ever a
 * tag: tags are closed sets (direction, outcome, kind, status).
 */
@Component
public class WacallMetrics {
  private final MeterRegistry registry;
  /** The gauges' values by direction: the latest reconciled day's cost difference. */
  private final Map<String, AtomicReference<Double>> reconciliationDifference = new ConcurrentHashMap<>();

  public WacallMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Metrics that go nowhere, for code built by hand in tests. */
  public static WacallMetrics noop() {
    return new WacallMetrics(new SimpleMeterRegistry());
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** A call ended, with its outcome. */
  public void callEnded(String direction, String outcome) {
    Counter.builder("wacall.calls").description("Calls by direction and outcome")
        .tag("direction", direction).tag("outcome", outcome).register(registry).increment();
  }

  /** From the first ring (inbound) or the connect (outbound) to the answer. */
  public void timeToAnswer(String direction, Duration duration) {
    Timer.builder("wacall.calls.time.to.answer").description("Time from the start of ringing to the answer")
        .tag("direction", direction).publishPercentileHistogram().register(registry).record(duration);
  }

  /** An inbound call moved on from one ring-group member to the next. */
  public void ringFailovers(int count) {
    Counter.builder("wacall.calls.ring.failovers").description("Ring-group members passed over (timeout, decline)")
        .register(registry).increment(count);
  }

  /** A permission request and what became of it: sent, throttled, grant_active, or a Cloud API refusal. */
  public void permissionRequest(String outcome) {
    Counter.builder("wacall.permission.requests").description("Permission requests by outcome")
        .tag("outcome", outcome).register(registry).increment();
  }

  /** Meta restricted a business number's calling (a quality restriction), by kind. */
  public void callingRestricted(String kind) {
    Counter.builder("wacall.calling.restrictions").description("Calling restrictions Meta announced, by kind")
        .tag("kind", kind).register(registry).increment();
  }

  /** A call or a permission request refused before Meta because Meta restricts the number's calling. */
  public void refusedWhileRestricted(String what) {
    Counter.builder("wacall.calling.restricted.refusals")
        .description("Outbound calls and permission requests refused while Meta restricts business-initiated calling")
        .tag("what", what).register(registry).increment();
  }

  /** A grant ended by revocation (the customer, or WhatsApp after 4 unanswered calls). */
  public void permissionRevoked() {
    Counter.builder("wacall.permission.revocations").description("Call permissions revoked")
        .register(registry).increment();
  }

  /** A webhook event was stored, by kind and its initial status. */
  public void webhookReceived(String kind, String status) {
    Counter.builder("wacall.webhook.events.received").description("Webhook events stored, by kind")
        .tag("kind", kind).tag("status", status).register(registry).increment();
  }

  /** A dispatch attempt ended: dispatched, ignored, failed or retry. */
  public void webhookDispatch(String kind, String result) {
    Counter.builder("wacall.webhook.events.dispatch").description("Dispatch attempts of stored webhook events, by result")
        .tag("kind", kind).tag("result", result).register(registry).increment();
  }

  /** A permission reply the webhook adapter did not signal: older than the pair's last recorded change. */
  public void webhookReplyStale() {
    Counter.builder("wacall.webhook.replies.stale")
        .description("Permission replies ignored by the webhook adapter as older than the pair's last change")
        .register(registry).increment();
  }

  /** Stored webhook events purged after their retention: {@code payload} (the row stays) or {@code row}. */
  public void webhookPurged(String part, int count) {
    Counter.builder("wacall.webhook.events.purged").description("Stored webhook events purged after their retention")
        .tag("part", part).register(registry).increment(count);
  }

  /** From receipt to delivery to the workflow. */
  public void webhookDispatchLag(String kind, Duration lag) {
    Timer.builder("wacall.webhook.dispatch.lag").description("Time from receipt of a webhook to its signal")
        .tag("kind", kind).publishPercentileHistogram().register(registry).record(lag.isNegative() ? Duration.ZERO : lag);
  }

  /** A ledger row was written. */
  public void charged(String direction, String market, String currency, BigDecimal amount) {
    Counter.builder("wacall.billing.charges").description("Ledger rows written")
        .tag("direction", direction).tag("market", market == null ? "none" : market).register(registry).increment();
    DistributionSummary.builder("wacall.billing.amount").description("Charged amounts")
        .tag("currency", currency == null ? "none" : currency).register(registry).record(amount.doubleValue());
  }

  /** A day compared with Meta's call analytics for one account and direction: whether it matched. */
  public void reconciled(String direction, boolean matches) {
    Counter.builder("wacall.billing.reconciliation.rows")
        .description("Days compared with Meta's call analytics, per account and direction, by result")
        .tag("direction", direction).tag("result", matches ? "match" : "difference").register(registry).increment();
  }

  /** The latest reconciled day's cost difference in a direction, ledger minus Meta, over all accounts. */
  public void reconciliationDifference(String direction, BigDecimal costDifference) {
    reconciliationDifference.computeIfAbsent(direction, d -> {
      AtomicReference<Double> value = new AtomicReference<>(0.0);
      Gauge.builder("wacall.billing.reconciliation.cost.difference", value, AtomicReference::get)
          .description("The latest reconciled day's cost difference, ledger minus Meta")
          .tag("direction", d).strongReference(true).register(registry);
      return value;
    }).set(costDifference.doubleValue());
  }
}
