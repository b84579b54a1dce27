package io.wacall.api.housekeeping;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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

  private void runQuietly() {
    try {
      purge.run();
    } catch (RuntimeException e) {
      log.warn("{} run failed: {}", name, e.toString());
    }
  }
}
