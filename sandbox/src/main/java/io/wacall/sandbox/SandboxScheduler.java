package io.wacall.sandbox;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The threads on which customers act and webhooks are delivered. Deliberately not exposed as a
 * {@code ScheduledExecutorService} or {@code TaskScheduler} bean: Spring's {@code @Scheduled}
 * support would pick up such a bean and run the application's own jobs on it.
 */
@Component
public class SandboxScheduler implements DisposableBean {
  private static final Logger log = LoggerFactory.getLogger(SandboxScheduler.class);

  private final ScheduledThreadPoolExecutor executor;

  public SandboxScheduler(SandboxProperties properties) {
    executor = new ScheduledThreadPoolExecutor(properties.schedulerThreads(), threadFactory());
    // A cancelled ring or hang-up timer should not linger in the queue until it would have fired.
    executor.setRemoveOnCancelPolicy(true);
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  /**
   * Runs {@code task} after {@code delay}; its failures are logged, never lost. Returns null once
   * the context is closing: a customer's next move or a retry then simply does not happen.
   */
  public ScheduledFuture<?> schedule(Duration delay, Runnable task) {
    try {
      return executor.schedule(logged(task), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      log.debug("sandbox is shutting down, task dropped");
      return null;
    }
  }

  /** Runs {@code task} soon, on a sandbox thread. */
  public void execute(Runnable task) {
    schedule(Duration.ZERO, task);
  }

  @Override
  public void destroy() throws InterruptedException {
    executor.shutdownNow();
    if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
      log.warn("sandbox threads still running 5 s after shutdown");
    }
  }

  private static Runnable logged(Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        log.error("sandbox task failed", e);
      }
    };
  }

  private static ThreadFactory threadFactory() {
    AtomicInteger number = new AtomicInteger();
    ThreadFactory defaults = Executors.defaultThreadFactory();
    return runnable -> {
      Thread thread = defaults.newThread(runnable);
      thread.setName("wacall-sandbox-" + number.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
