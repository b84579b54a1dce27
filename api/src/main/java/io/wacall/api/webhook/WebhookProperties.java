package io.wacall.api.webhook;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The webhook adapter's settings, {@code wacall.webhook.*}.
 *
 * @param appSecret the Meta app secret that keys {@code X-Hub-Signature-256}; blank: every POST is
 *     refused with 401
 * @param previousAppSecret the app secret before the last rotation, accepted as well while Meta may
 *     still sign with it (optional; blank when no rotation is under way). A POST it signed is
 *     logged at INFO, so the operator sees when it is no longer used and removes it
 * @param verifyToken the token typed into the App Dashboard for the GET handshake; blank: every
 *     handshake is refused with 403
 * @param dispatchInterval how often the retry loop looks for events that are due
 * @param retryInitialBackoff the wait after the first failed dispatch; doubled after each failure
 * @param retryMaxBackoff the cap of that doubling
 * @param batchSize events claimed per round of the retry loop
 * @param claimTimeout the lease of a claimed event: how long it stays invisible to other
 *     dispatchers, counted again from the start of its own dispatch (a batch renews each event's
 *     lease right before it dispatches it). If the claiming process dies, the event is picked up
 *     again after this; one that stops gives its claims back at once. Must be longer than one
 *     event's dispatch can take (the Temporal client's RPC timeouts and retries): a dispatch that
 *     outlives it may be taken over, and then records nothing
 * @param staleAfter call events older than this are not acted upon (used by call routing)
 * @param payloadRetention how long a stored event keeps its payload (Meta's JSON, customer numbers
 *     included) after it was received; then the payload is purged. Events not yet settled
 *     (PENDING, retries included) and FAILED events, which wait for an operator to requeue them,
 *     are never purged
 * @param dedupeRetention how long an event's dedupe key is kept after it was received, so that a
 *     redelivery is recognised: at least {@link #MIN_DEDUPE_RETENTION}, as long as Meta may
 *     redeliver. When it is longer than the payload retention, the row stays without its payload
 *     until it has passed; a row is deleted only once both have passed
 * @param purgeInterval how often the API purges what is past its retention
 * @param purgeBatchSize rows purged per statement; a run does at most
 *     {@code WebhookRetention.MAX_BATCHES_PER_RUN} of them per step and leaves the rest to the next
 */
@ConfigurationProperties("wacall.webhook")
public record WebhookProperties(
    String appSecret,
    String previousAppSecret,
    String verifyToken,
    @DefaultValue("2s") Duration dispatchInterval,
    @DefaultValue("1s") Duration retryInitialBackoff,
    @DefaultValue("5m") Duration retryMaxBackoff,
    @DefaultValue("100") int batchSize,
    @DefaultValue("2m") Duration claimTimeout,
    @DefaultValue("10m") Duration staleAfter,
    @DefaultValue("P30D") Duration payloadRetention,
    @DefaultValue("P8D") Duration dedupeRetention,
    @DefaultValue("1h") Duration purgeInterval,
    @DefaultValue("500") int purgeBatchSize) {

  /** Meta redelivers a webhook it got no 200 for during up to 7 days: a dedupe key must outlive that. */
  public static final Duration MIN_DEDUPE_RETENTION = Duration.ofDays(7);

  public WebhookProperties {
    requirePositive(dispatchInterval, "dispatch-interval");
    requirePositive(retryInitialBackoff, "retry-initial-backoff");
    requirePositive(retryMaxBackoff, "retry-max-backoff");
    requirePositive(claimTimeout, "claim-timeout");
    requirePositive(staleAfter, "stale-after");
    requirePositive(payloadRetention, "payload-retention");
    requirePositive(purgeInterval, "purge-interval");
    if (dedupeRetention == null || dedupeRetention.compareTo(MIN_DEDUPE_RETENTION) < 0) {
      throw new IllegalArgumentException("wacall.webhook.dedupe-retention must be at least " + MIN_DEDUPE_RETENTION
          + " (Meta redelivers a webhook for up to 7 days; got " + dedupeRetention + ")");
    }
    if (purgeBatchSize < 1) {
      throw new IllegalArgumentException("wacall.webhook.purge-batch-size must be at least 1 (got " + purgeBatchSize + ")");
    }
    if (retryMaxBackoff.compareTo(retryInitialBackoff) < 0) {
      throw new IllegalArgumentException("wacall.webhook.retry-max-backoff must not be shorter than retry-initial-backoff");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("wacall.webhook.batch-size must be at least 1 (got " + batchSize + ")");
    }
  }

  /** The defaults, with the given secrets: for code and tests that build the adapter by hand. */
  public static WebhookProperties withSecrets(String appSecret, String verifyToken) {
    return new WebhookProperties(appSecret, null, verifyToken, Duration.ofSeconds(2), Duration.ofSeconds(1),
        Duration.ofMinutes(5), 100, Duration.ofMinutes(2), Duration.ofMinutes(10), Duration.ofDays(30),
        Duration.ofDays(8), Duration.ofHours(1), 500);
  }

  /** These settings with other retention settings. */
  public WebhookProperties withRetention(Duration payloadRetention, Duration dedupeRetention, int purgeBatchSize) {
    return new WebhookProperties(appSecret, previousAppSecret, verifyToken, dispatchInterval, retryInitialBackoff,
        retryMaxBackoff, batchSize, claimTimeout, staleAfter, payloadRetention, dedupeRetention, purgeInterval,
        purgeBatchSize);
  }

  public boolean hasAppSecret() {
    return appSecret != null && !appSecret.isBlank();
  }

  public boolean hasPreviousAppSecret() {
    return previousAppSecret != null && !previousAppSecret.isBlank();
  }

  public boolean hasVerifyToken() {
    return verifyToken != null && !verifyToken.isBlank();
  }

  /** Never prints the secrets: this record ends up in logs and actuator output. */
  @Override
  public String toString() {
    return "WebhookProperties[appSecret=" + (hasAppSecret() ? "(set)" : "(blank)")
        + ", previousAppSecret=" + (hasPreviousAppSecret() ? "(set)" : "(blank)")
        + ", verifyToken=" + (hasVerifyToken() ? "(set)" : "(blank)")
        + ", dispatchInterval=" + dispatchInterval + ", retryInitialBackoff=" + retryInitialBackoff
        + ", retryMaxBackoff=" + retryMaxBackoff + ", batchSize=" + batchSize
        + ", claimTimeout=" + claimTimeout + ", staleAfter=" + staleAfter
        + ", payloadRetention=" + payloadRetention + ", dedupeRetention=" + dedupeRetention
        + ", purgeInterval=" + purgeInterval + ", purgeBatchSize=" + purgeBatchSize + "]";
  }

  private static void requirePositive(Duration value, String name) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException("wacall.webhook." + name + " must be a positive duration (got " + value + ")");
    }
  }
}
