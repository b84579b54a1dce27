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
  private volatile ThreadPoolExecutor immediate;
  private volatile ScheduledExecutorService loop;

  public WebhookDispatchRunner(WebhookDispatcher dispatcher, WebhookProperties properties) {
    this.dispatcher = dispatcher;
    this.interval = properties.dispatchInterval();
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
    executor.shutdown();
    scheduler.shutdown();
    try {
      if (!executor.awaitTermination(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)
          | !scheduler.awaitTermination(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        // Claimed events come back when their claim times out; nothing is lost.
        executor.shutdownNow();
        scheduler.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      scheduler.shutdownNow();
      Thread.currentThread().interrupt();
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
