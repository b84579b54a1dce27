package io.wacall.api.housekeeping;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long the tables that grow with the work keep their rows, {@code wacall.retention.*}
 * (webhook events have theirs under {@code wacall.webhook.*}; agent-ringing rows and permission
 * sends clean up after themselves).
 *
 * @param permissionRequests how long a permission request's row (its wamid, to match Meta's
 *     delivery statuses) is kept after the request expired
 * @param callRecords how long a call's record (the call list, its disposition) is kept after the
 *     call started; unset: kept for good. At least {@link #MIN_HISTORY}: the wrap-up and the
 *     agents' recent calls read it. The ledger ({@code billing_charges}) is never purged
 * @param conversationEvents how long a line of a customer's conversation log is kept; unset: kept
 *     for good; at least {@link #MIN_HISTORY}
 * @param interval how often the API purges what is past its retention
 * @param batchSize rows deleted per statement; a run does at most
 *     {@code RecordsHousekeeping.MAX_BATCHES_PER_RUN} per table and leaves the rest to the next
 */
@ConfigurationProperties("wacall.retention")
public record RetentionProperties(
    @DefaultValue("P30D") Duration permissionRequests,
    Duration callRecords,
    Duration conversationEvents,
    @DefaultValue("1h") Duration interval,
    @DefaultValue("1000") int batchSize) {

  /** The shortest history a business may keep: a call's wrap-up and its agent's recent calls read it. */
  public static final Duration MIN_HISTORY = Duration.ofDays(7);

  public RetentionProperties {
    if (permissionRequests == null || permissionRequests.isNegative() || permissionRequests.isZero()) {
      throw new IllegalArgumentException("wacall.retention.permission-requests must be positive (got "
          + permissionRequests + ")");
    }
    atLeastMinHistory(callRecords, "call-records");
    atLeastMinHistory(conversationEvents, "conversation-events");
    if (interval == null || interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("wacall.retention.interval must be positive (got " + interval + ")");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("wacall.retention.batch-size must be at least 1 (got " + batchSize + ")");
    }
  }

  /** The defaults: permission requests 30 days after expiry, call history kept. */
  public static RetentionProperties defaults() {
    return new RetentionProperties(Duration.ofDays(30), null, null, Duration.ofHours(1), 1000);
  }

  private static void atLeastMinHistory(Duration retention, String name) {
    if (retention != null && retention.compareTo(MIN_HISTORY) < 0) {
      throw new IllegalArgumentException("wacall.retention." + name + " must be at least " + MIN_HISTORY
          + " or unset to keep everything (got " + retention + ")");
    }
  }
}
