package io.wacall.api.webhook;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs the dispatcher off the request thread, on threads of its own (so a Temporal outage, which
 * holds each call for the client's RPC timeout, never blocks the webhook endpoint or other
 * scheduled work):
 * <ul>
 *   <li>right after a POST's events are committed, on a small pool; when that pool is saturated
 *       the events simply wait for the retry loop;
 *   <li>the retry loop, every {@code wacall.webhook.dispatch-interval}: whatever is PENDING and due,
 *       from this instance or any other (claims are exclusive, see WebhookEventStore).
 * </ul>
 *
 * <p>Stopping (a deploy, a scale-down) starts no new event, lets the events in flight end (for
 * {@link #STOP_GRACE}), and gives back everything this instance claimed and did not finish, due
 * now: the other instances take it within their dispatch interval, instead of after the lease
 * (long enough to turn a connect into a missed call).
 */
@Component
public class WebhookDispatchRunner implements SmartLifecycle {
  /** Threads for the dispatch right after a POST. */
  static final int IMMEDIATE_THREADS = 2;
  /** POSTs waiting for that dispatch; beyond this the retry loop takes their events. */
  static final int IMMEDIATE_QUEUE = 1_000;
  /** How long stopping waits for dispatches in flight (a signal takes milliseconds when Temporal is up). */
  static final Duration STOP_GRACE = Duration.ofSeconds(5);

  private static final Logger log = LoggerFactory.getLogger(WebhookDispatchRunner.class);

  private final WebhookDispatcher dispatcher;
  private final Duration interval;
  private final Duration stopGrace;
  private volatile ThreadPoolExecutor immediate;
  private volatile ScheduledExecutorService loop;

  public WebhookDispatchRunner(WebhookDispatcher dispatcher, WebhookProperties properties) {
    this.dispatcher = dispatcher;
    this.interval = properties.dispatchInterval();
    this.stopGrace = STOP_GRACE;
  }

  /**
   * Dispatches these stored events soon, on another thread. The intake has committed them before
   * the webhook is answered, so they are never dispatched before they are stored.
   */
  public void dispatchSoon(List<Long> ids) {
    if (!ids.isEmpty()) {
      submit(List.copyOf(ids));
    }
  }

  private void submit(List<Long> ids) {
    ThreadPoolExecutor executor = immediate;
    if (executor == null) {
      log.debug("dispatcher not running; {} event(s) left for the retry loop", ids.size());
      return;
    }
    try {
      executor.execute(() -> {
        try {
          dispatcher.dispatch(ids);
        } catch (RuntimeException e) {
          log.warn("dispatch of {} new webhook event(s) failed; the retry loop takes them over: {}",
              ids.size(), DispatchFailures.describe(e));
        }
      });
    } catch (RejectedExecutionException e) {
      log.debug("immediate dispatch saturated; {} event(s) left for the retry loop", ids.size());
    }
  }

  private void dispatchDue() {
    try {
      WebhookDispatcher.Summary summary = dispatcher.dispatchDue();
      if (summary.total() > 0) {
        log.info("webhook retry loop: {}", summary);
      }
    } catch (RuntimeException e) {
      // The database may be down too; the next tick tries again.
      log.warn("webhook retry loop failed: {}", DispatchFailures.describe(e));
    }
  }

  @Override
  public synchronized void start() {
    if (isRunning()) {
      return;
    }
    dispatcher.resumeDispatching();
    immediate = new ThreadPoolExecutor(IMMEDIATE_THREADS, IMMEDIATE_THREADS, 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(IMMEDIATE_QUEUE), threads("webhook-dispatch-"));
    loop = Executors.newSingleThreadScheduledExecutor(threads("webhook-retry-"));
    loop.scheduleWithFixedDelay(this::dispatchDue, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    log.info("webhook dispatcher started: retry loop every {}", interval);
  }

  @Override
  public synchronized void stop() {
    ThreadPoolExecutor executor = immediate;
    ScheduledExecutorService scheduler = loop;
    immediate = null;
    loop = null;
    if (executor == null) {
      return;
    }
    dispatcher.stopDispatching(); // no new event starts; those in flight run to their end
    executor.shutdown();
    scheduler.shutdown();
    try {
      long deadline = System.nanoTime() + stopGrace.toNanos();
      if (!executor.awaitTermination(stopGrace.toNanos(), TimeUnit.NANOSECONDS)
          | !scheduler.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        log.warn("webhook dispatches still in flight after {}; interrupted, their events given back", stopGrace);
        executor.shutdownNow();
        scheduler.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      scheduler.shutdownNow();
      Thread.currentThread().interrupt();
    }
    try {
      dispatcher.releaseClaims(); // due now for the other instances, not after the lease
    } catch (RuntimeException e) {
      // the database may be down too: the claims come back when their lease runs out; nothing is lost
      log.warn("webhook dispatcher stopping: could not give back its claims, they return after their lease: {}",
          DispatchFailures.describe(e));
    }
  }

  @Override
  public boolean isRunning() {
    return immediate != null;
  }

  private static ThreadFactory threads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + n.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
