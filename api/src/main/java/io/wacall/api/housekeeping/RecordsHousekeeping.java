package io.wacall.api.housekeeping;

import io.wacall.backend.store.RecordRetention;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Purges what is past its retention ({@link RetentionProperties}) every {@code interval}: permission
 * requests long expired, and, when the business sets a retention for them, call records and
 * conversation lines. Several API instances may run it side by side.
 */
@Component
public class RecordsHousekeeping implements SmartLifecycle {
  /** A run deletes at most this many batches per table; a backlog is worked off over several runs. */
  static final int MAX_BATCHES_PER_RUN = 20;

  private static final Logger log = LoggerFactory.getLogger(RecordsHousekeeping.class);

  private final RecordRetention retention;
  private final RetentionProperties properties;
  private final Clock clock;
  private final PeriodicPurge purges;

  public RecordsHousekeeping(RecordRetention retention, RetentionProperties properties, Clock clock) {
    this.retention = retention;
    this.properties = properties;
    this.clock = clock;
    this.purges = new PeriodicPurge("records-housekeeping", properties.interval(), properties.interval(),
        this::purgeDue, log);
  }

  /** What one run deleted, per table. */
  public record Purged(int permissionRequests, int callRecords, int conversationEvents) {}

  /** One run: every table past its retention, at most {@link #MAX_BATCHES_PER_RUN} batches each. */
  public Purged purgeDue() {
    Instant now = clock.instant();
    Purged purged = new Purged(
        purge("permission requests", properties.permissionRequests(), now, retention::purgePermissionRequests),
        purge("call records", properties.callRecords(), now, retention::purgeCallRecords),
        purge("conversation events", properties.conversationEvents(), now, retention::purgeConversationEvents));
    return purged;
  }

  private int purge(String what, Duration keep, Instant now, BiFunction<Instant, Integer, Integer> delete) {
    if (keep == null) {
      return 0;
    }
    Instant before = now.minus(keep);
    int total = PeriodicPurge.inBatches(MAX_BATCHES_PER_RUN, properties.batchSize(),
        limit -> delete.apply(before, limit)).count();
    if (total > 0) {
      log.info("retention: {} {} older than {} deleted", total, what, keep);
    }
    return total;
  }

  @Override
  public void start() {
    purges.start();
  }

  @Override
  public void stop() {
    purges.stop();
  }

  @Override
  public boolean isRunning() {
    return purges.isRunning();
  }
}
