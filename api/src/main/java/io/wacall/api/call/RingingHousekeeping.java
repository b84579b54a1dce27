package io.wacall.api.call;

import io.wacall.api.housekeeping.PeriodicPurge;
import io.wacall.backend.store.directory.AgentRingingRepository;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Deletes agent-ringing rows whose ring window ended more than {@link #KEPT_AFTER_EXPIRY} ago. A
 * member's turn removes its row when it ends; a row stays behind only when that activity failed
 * for good, and an expired row is never shown (the ringing list reads unexpired rows), so this only
 * bounds the table: without it, every such row would stay forever. Several API instances may run
 * it side by side (the delete is idempotent).
 */
@Component
public class RingingHousekeeping implements SmartLifecycle {
  /** Longer than any ring (Meta gives a caller 30 to 60 s): a row this old is no one's turn. */
  static final Duration KEPT_AFTER_EXPIRY = Duration.ofHours(1);
  static final Duration INTERVAL = Duration.ofMinutes(10);

  private static final Logger log = LoggerFactory.getLogger(RingingHousekeeping.class);

  private final AgentRingingRepository ringing;
  private final Clock clock;
  private final PeriodicPurge purges = new PeriodicPurge("ringing-housekeeping", INTERVAL, INTERVAL, this::purgeDue, log);

  public RingingHousekeeping(AgentRingingRepository ringing, Clock clock) {
    this.ringing = ringing;
    this.clock = clock;
  }

  /** Deletes the rows expired before the cut-off; returns how many. */
  public int purgeDue() {
    int purged = ringing.purgeExpired(clock.instant().minus(KEPT_AFTER_EXPIRY));
    if (purged > 0) {
      log.info("agent ringing: {} row(s) expired more than {} ago deleted (left by a failed activity)", purged,
          KEPT_AFTER_EXPIRY);
    }
    return purged;
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
