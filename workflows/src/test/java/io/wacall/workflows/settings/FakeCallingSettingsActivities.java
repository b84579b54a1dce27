package io.wacall.workflows.settings;

import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Meta and the store for the CallingSettings workflow's tests: {@link #stored} is the stored
 * revision of the wanted settings (a push sends it, as the real activity reads the latest row),
 * {@link #pushed} every revision sent. It can refuse revisions as Meta does, fail the first
 * attempts as Meta failing does, and hold a push until {@link #release()}.
 */
class FakeCallingSettingsActivities implements CallingSettingsActivities {
  final AtomicLong stored = new AtomicLong();
  final List<Long> pushed = new CopyOnWriteArrayList<>();
  final AtomicInteger attempts = new AtomicInteger();
  volatile Set<Long> refused = Set.of();
  volatile int failFirstAttempts;
  private volatile CountDownLatch gate;
  private final CountDownLatch held = new CountDownLatch(1);

  /** The next push waits, once it began, until {@link #release()}. */
  void hold() {
    gate = new CountDownLatch(1);
  }

  void awaitHeld() throws InterruptedException {
    held.await(10, TimeUnit.SECONDS);
  }

  void release() {
    gate.countDown();
  }

  @Override
  public Pushed push(String phoneNumberId, long revision) {
    if (attempts.incrementAndGet() <= failFirstAttempts) {
      throw ApplicationFailure.newFailure("Meta answered 503", "CallingSettingsPushFailed");
    }
    CountDownLatch g = gate;
    if (g != null) {
      held.countDown();
      try {
        g.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      gate = null;
    }
    long latest = Math.max(stored.get(), revision);
    pushed.add(latest);
    boolean refuse = refused.contains(latest);
    return new Pushed(latest, refuse, refuse ? 138018 : null);
  }
}
