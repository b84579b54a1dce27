package io.wacall.api.housekeeping;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;
import org.slf4j.Logger;

/**
 * A purge run on a daemon thread of its own, first after {@code firstRunAfter} (or {@code interval}
 * when that is shorter), then every
 * {@code interval}, between its owner's start and stop (the owner is a {@code SmartLifecycle}). A run
 * that fails (the database or the object store down) is logged; nothing is lost, the next run tries
 * again. Several API instances may run the same purge side by side: each deletes what is due.
 */
public final class PeriodicPurge {
  private final String name;
  private final Duration firstRunAfter;
  private final Duration interval;
  private final Runnable purge;
  private final Logger log;
  private volatile ScheduledExecutorService scheduler;

  public PeriodicPurge(String name, Duration firstRunAfter, Duration interval, Runnable purge, Logger log) {
    this.name = name;
    this.firstRunAfter = firstRunAfter.compareTo(interval) < 0 ? firstRunAfter : interval;
    this.interval = interval;
    this.purge = purge;
    this.log = log;
  }

  public synchronized void start() {
    if (isRunning()) {
      return;
    }
    scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    });
    scheduler.scheduleWithFixedDelay(this::runQuietly, firstRunAfter.toMillis(), interval.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  public synchronized void stop() {
    ScheduledExecutorService running = scheduler;
    scheduler = null;
    if (running != null) {
      running.shutdownNow();
    }
  }

  public boolean isRunning() {
    return scheduler != null;
  }

  /**
   * What a purge step deleted in batches.
   *
   * @param complete false when it stopped at its batch bound with more due (left for the next run)
   */
  public record Batched(int count, boolean complete) {
    public static final Batched NONE = new Batched(0, true);
  }

  /**
   * Runs {@code batch} (given the batch size, it deletes at most that many and says how many it did)
   * until one comes back short, at most {@code maxBatches} times: a backlog is worked off over
   * several runs, and one run never holds the database for long.
   */
  public static Batched inBatches(int maxBatches, int batchSize, IntUnaryOperator batch) {
    int total = 0;
    for (int round = 0; round < maxBatches; round++) {
      int n = batch.applyAsInt(batchSize);
      total += n;
      if (n < batchSize) {
        return new Batched(total, true);
      }
    }
    return new Batched(total, false);
  }

  private void runQuietly() {
    try {
      purge.run();
    } catch (RuntimeException e) {
      log.warn("{} run failed: {}", name, e.toString());
    }
  }
}
