package io.wacall.api.webhook;

import static io.wacall.api.webhook.WebhookSamples.temporaryAcceptNow;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wacall.api.webhook.WebhookEventRouter.RouteResult;
import io.wacall.backend.metrics.WacallMetrics;
import io.wacall.testsupport.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The dispatcher under faults, on a real PostgreSQL: a dispatcher that stops with events claimed,
 * two dispatchers (two API instances: each its own store, router and lease) racing for the same
 * events, and a batch slower than its lease. The routers are scripted (slow, blocked, failing) and
 * count every event they were handed: what reached "Temporal" is what they saw.
 */
class WebhookDispatchFaultsTest {
  private static DataSource dataSource;

  private final WebhookEventJson events = new WebhookEventJson(new ObjectMapper().findAndRegisterModules());
  private final ExecutorService threads = Executors.newCachedThreadPool();
  /** Released after each test: a router still blocked must not outlive its test and touch the next one's rows. */
  private final CountDownLatch testOver = new CountDownLatch(1);
  private final List<WebhookDispatchRunner> runners = new ArrayList<>();
  private JdbcClient jdbc;
  private WebhookEventStore reader;

  @BeforeAll
  static void database() {
    dataSource = TestDatabase.newDatabase();
  }

  @BeforeEach
  void emptyTable() {
    jdbc = JdbcClient.create(dataSource);
    // ids are not restarted: a dispatch thread a failed test left behind touches no row of the next test
    jdbc.sql("TRUNCATE webhook_events").update();
    reader = newStore();
  }

  @AfterEach
  void stopThreads() {
    testOver.countDown();
    runners.forEach(WebhookDispatchRunner::stop);
    threads.shutdownNow();
  }

  // ---- shutdown

  @Test
  void aStoppingDispatcher_finishesTheEventInFlight_andGivesBackTheRestOfItsClaimDueNow_untried() throws Exception {
    List<Long> ids = store(3);
    CountDownLatch firstRouted = new CountDownLatch(1);
    Scripted router = new Scripted("A", event -> {
      firstRouted.countDown();
      sleep(Duration.ofMillis(1_000));
      return RouteResult.dispatched();
    });
    WebhookDispatchRunner runner = new WebhookDispatchRunner(dispatcher(newStore(), router, Duration.ofMinutes(2), 100),
        properties(Duration.ofMinutes(2), 100));
    runners.add(runner);
    runner.start();
    assertThat(firstRouted.await(10, TimeUnit.SECONDS)).isTrue();

    runner.stop();

    assertThat(reader.findById(ids.get(0)).orElseThrow().status()).isEqualTo(WebhookEventStatus.DISPATCHED);
    for (long id : ids.subList(1, 3)) {
      StoredWebhookEvent rest = reader.findById(id).orElseThrow();
      assertThat(rest.status()).as("event %d", id).isEqualTo(WebhookEventStatus.PENDING);
      assertThat(rest.attempts()).as("event %d was not tried", id).isZero();
      assertThat(rest.nextAttemptAt()).as("event %d is due again now, not after the lease", id)
          .isBeforeOrEqualTo(dbNow());
    }
    assertThat(router.routed()).containsExactly(ids.get(0));
    // another instance takes them at once
    assertThat(newStore().claimDue(10, Duration.ofMinutes(2))).extracting(StoredWebhookEvent::id)
        .containsExactly(ids.get(1), ids.get(2));
  }

  @Test
  void aStoppingDispatcherWhoseEventIsStuck_stillGivesBackEveryClaim_andAStuckFinishLandsIfNobodyTookTheEvent()
      throws Exception {
    List<Long> ids = store(3);
    CountDownLatch firstRouted = new CountDownLatch(1);
    CountDownLatch unstick = new CountDownLatch(1);
    Scripted router = new Scripted("A", event -> {
      firstRouted.countDown();
      awaitIgnoringInterrupts(unstick, Duration.ofSeconds(30)); // a call that does not heed the interrupt
      if (testOver.getCount() == 0) {
        throw new IllegalStateException("the test is over");
      }
      return RouteResult.dispatched();
    });
    WebhookDispatchRunner runner = new WebhookDispatchRunner(dispatcher(newStore(), router, Duration.ofMinutes(2), 100),
        properties(Duration.ofMinutes(2), 100));
    runners.add(runner);
    runner.start();
    assertThat(firstRouted.await(10, TimeUnit.SECONDS)).isTrue();

    runner.stop(); // waits its grace, then gives up on the stuck event

    for (long id : ids) {
      StoredWebhookEvent event = reader.findById(id).orElseThrow();
      assertThat(event.status()).as("event %d", id).isEqualTo(WebhookEventStatus.PENDING);
      assertThat(event.nextAttemptAt()).as("event %d is due again now, not after the lease", id)
          .isBeforeOrEqualTo(dbNow());
    }

    unstick.countDown(); // the stuck call returns after all; nobody else claimed the event meanwhile
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(reader.findById(ids.get(0)).orElseThrow().status()).isEqualTo(WebhookEventStatus.DISPATCHED));
    assertThat(router.routed()).containsExactly(ids.get(0));
  }

  // ---- ownership: only the holder of the lease records an outcome

  @Test
  void aDispatcherWhoseLeaseRanOutAndWasTakenOver_recordsNothing_theNewHoldersOutcomeStands() throws Exception {
    long id = store(1).get(0);
    CountDownLatch aRouting = new CountDownLatch(1);
    CountDownLatch bRouting = new CountDownLatch(1);
    CountDownLatch aDone = new CountDownLatch(1);
    // A is slow: its lease (300 ms) runs out while it routes; it then fails the event for good
    Scripted routerA = new Scripted("A", event -> {
      aRouting.countDown();
      await(bRouting);
      throw new UnroutableEventException("A's late verdict");
    });
    // B took the event over and delivers it, finishing after A
    Scripted routerB = new Scripted("B", event -> {
      bRouting.countDown();
      await(aDone);
      return RouteResult.dispatched();
    });
    WebhookDispatcher a = dispatcher(newStore(), routerA, Duration.ofMillis(300), 10);
    WebhookDispatcher b = dispatcher(newStore(), routerB, Duration.ofMinutes(2), 10);

    Future<WebhookDispatcher.Summary> runA = threads.submit(a::dispatchDue);
    assertThat(aRouting.await(10, TimeUnit.SECONDS)).isTrue();
    Thread.sleep(500); // A's lease runs out
    Future<WebhookDispatcher.Summary> runB = threads.submit(b::dispatchDue);
    runA.get(10, TimeUnit.SECONDS);
    aDone.countDown();
    runB.get(10, TimeUnit.SECONDS);

    StoredWebhookEvent event = reader.findById(id).orElseThrow();
    assertThat(event.status()).isEqualTo(WebhookEventStatus.DISPATCHED);
    assertThat(event.lastError()).isNull();
    assertThat(event.attempts()).as("only the holder's attempt counts").isEqualTo(1);
  }

  @Test
  void aStaleRetryOfADispatcherWhoseLeaseWasTakenOver_doesNotPushBackTheNewHoldersEvent() throws Exception {
    long id = store(1).get(0);
    CountDownLatch aRouting = new CountDownLatch(1);
    CountDownLatch bRouting = new CountDownLatch(1);
    CountDownLatch aDone = new CountDownLatch(1);
    Scripted routerA = new Scripted("A", event -> {
      aRouting.countDown();
      await(bRouting);
      throw new IllegalStateException("A's late transient failure");
    });
    Scripted routerB = new Scripted("B", event -> {
      bRouting.countDown();
      await(aDone);
      return RouteResult.ignored("B's verdict");
    });
    WebhookDispatcher a = dispatcher(newStore(), routerA, Duration.ofMillis(300), 10);
    WebhookDispatcher b = dispatcher(newStore(), routerB, Duration.ofMinutes(2), 10);

    Future<WebhookDispatcher.Summary> runA = threads.submit(a::dispatchDue);
    assertThat(aRouting.await(10, TimeUnit.SECONDS)).isTrue();
    Thread.sleep(500);
    Future<WebhookDispatcher.Summary> runB = threads.submit(b::dispatchDue);
    runA.get(10, TimeUnit.SECONDS);
    StoredWebhookEvent whileBHoldsIt = reader.findById(id).orElseThrow();
    aDone.countDown();
    runB.get(10, TimeUnit.SECONDS);

    assertThat(whileBHoldsIt.attempts()).as("A's stale retry is not counted").isZero();
    assertThat(whileBHoldsIt.lastError()).isNull();
    StoredWebhookEvent event = reader.findById(id).orElseThrow();
    assertThat(event.status()).isEqualTo(WebhookEventStatus.IGNORED);
    assertThat(event.lastError()).isEqualTo("B's verdict");
    assertThat(event.attempts()).isEqualTo(1);
  }

  // ---- leases sized to the work

  @Test
  void aBatchSlowerThanItsLease_neverHasAnEventDispatchedTwice_norOneTakenWhileItIsBeingDispatched() throws Exception {
    List<Long> ids = store(3);
    Duration lease = Duration.ofSeconds(2);
    Duration perEvent = Duration.ofMillis(1_200); // the batch takes 3.6 s: longer than its lease
    Set<Long> inFlight = ConcurrentHashMap.newKeySet();
    List<String> overlaps = java.util.Collections.synchronizedList(new ArrayList<>());
    Function<PermissionReplyEvent, RouteResult> slow = event -> {
      long eventId = idOf(event);
      if (!inFlight.add(eventId)) {
        overlaps.add("event " + eventId + " was handed to a second dispatcher while the first still had it");
      }
      try {
        sleep(perEvent);
        return RouteResult.dispatched();
      } finally {
        inFlight.remove(eventId);
      }
    };
    CountDownLatch aHasClaimed = new CountDownLatch(1);
    Scripted routerA = new Scripted("A", event -> {
      aHasClaimed.countDown();
      return slow.apply(event);
    });
    Scripted routerB = new Scripted("B", slow);
    WebhookDispatcher a = dispatcher(newStore(), routerA, lease, 10);
    WebhookDispatcher b = dispatcher(newStore(), routerB, lease, 10);

    Future<WebhookDispatcher.Summary> runA = threads.submit(a::dispatchDue);
    assertThat(aHasClaimed.await(10, TimeUnit.SECONDS)).as("A claimed the batch").isTrue();
    AtomicBoolean aRunning = new AtomicBoolean(true);
    Future<?> pollB = threads.submit(() -> {
      while (aRunning.get()) { // the other instance's retry loop, ticking fast
        b.dispatchDue();
        sleep(Duration.ofMillis(50));
      }
      return null;
    });
    runA.get(30, TimeUnit.SECONDS);
    aRunning.set(false);
    pollB.get(30, TimeUnit.SECONDS);

    assertThat(overlaps).isEmpty();
    List<Long> routed = new ArrayList<>(routerA.routed());
    routed.addAll(routerB.routed());
    assertThat(routed).as("each event routed once, by A or by B").containsExactlyInAnyOrderElementsOf(ids);
    for (long id : ids) {
      assertThat(reader.findById(id).orElseThrow().status()).isEqualTo(WebhookEventStatus.DISPATCHED);
    }
  }

  // ---- the order of a call's events

  @Test
  void aCallsEventWhoseEarlierEventWasNotDelivered_isNotDispatchedBeforeIt_andGoesRightAfterItOnceItIs() throws Exception {
    String x = "wacid.ORDER-X-" + System.nanoTime();
    String y = "wacid.ORDER-Y-" + System.nanoTime();
    AtomicBoolean temporalUp = new AtomicBoolean(false);
    ScriptedCalls router = new ScriptedCalls(event -> event.callId().equals(x) && event.isConnect() && !temporalUp.get()
        ? RouteResult.retryLater("the call's workflow did not answer") : RouteResult.dispatched());
    long connectX = storeCall(router, x, "connect");
    long terminateX = storeCall(router, x, "terminate");
    long connectY = storeCall(router, y, "connect");
    WebhookDispatcher dispatcher = dispatcher(newStore(), router, Duration.ofMinutes(2), 10);

    WebhookDispatcher.Summary first = dispatcher.dispatchDue();

    assertThat(router.routed()).containsExactly(x + ":connect", y + ":connect");
    assertThat(first.dispatched()).isEqualTo(1);
    assertThat(first.retried()).isEqualTo(1);
    assertThat(reader.findById(terminateX).orElseThrow().attempts()).as("never tried").isZero();
    assertThat(reader.findById(connectY).orElseThrow().status()).isEqualTo(WebhookEventStatus.DISPATCHED);

    temporalUp.set(true);
    Thread.sleep(1_200); // the connect's backoff (1 s); the terminate has been due all along
    WebhookDispatcher.Summary second = dispatcher.dispatchDue();

    assertThat(second.dispatched()).isEqualTo(2);
    assertThat(router.routed()).containsExactly(x + ":connect", y + ":connect", x + ":connect", x + ":terminate");
    assertThat(reader.findById(connectX).orElseThrow().status()).isEqualTo(WebhookEventStatus.DISPATCHED);
    assertThat(reader.findById(terminateX).orElseThrow().status()).isEqualTo(WebhookEventStatus.DISPATCHED);
  }

  @Test
  void aCallsEventThatCameWhileTheOneBeforeItWasBeingDispatched_waits_andIsDispatchedRightAfterIt_byTheSameDispatcher()
      throws Exception {
    String x = "wacid.ORDER-FOLLOW-" + System.nanoTime();
    CountDownLatch connectRouted = new CountDownLatch(1);
    CountDownLatch connectMayEnd = new CountDownLatch(1);
    ScriptedCalls router = new ScriptedCalls(event -> {
      if (event.isConnect()) {
        connectRouted.countDown();
        awaitIgnoringInterrupts(connectMayEnd, Duration.ofSeconds(20));
      }
      return RouteResult.dispatched();
    });
    long connect = storeCall(router, x, "connect");
    WebhookDispatcher a = dispatcher(newStore(), router, Duration.ofMinutes(2), 10);
    WebhookDispatcher b = dispatcher(newStore(), router, Duration.ofMinutes(2), 10); // the terminate's POST's

    Future<WebhookDispatcher.Summary> connectsDispatch = threads.submit(() -> a.dispatch(List.of(connect)));
    assertThat(connectRouted.await(10, TimeUnit.SECONDS)).isTrue();
    long terminate = storeCall(router, x, "terminate");
    WebhookDispatcher.Summary terminatesDispatch = b.dispatch(List.of(terminate));
    connectMayEnd.countDown();
    WebhookDispatcher.Summary bothOfA = connectsDispatch.get(10, TimeUnit.SECONDS);

    assertThat(terminatesDispatch.total()).as("the terminate waited behind its connect").isZero();
    assertThat(bothOfA.dispatched()).as("the connect, then the terminate right after it").isEqualTo(2);
    assertThat(router.routed()).containsExactly(x + ":connect", x + ":terminate");
    assertThat(reader.findById(terminate).orElseThrow().status()).isEqualTo(WebhookEventStatus.DISPATCHED);
  }

  // ---- helpers

  /** A router of permission replies whose behaviour the test scripts; it records the events it was handed. */
  private final class Scripted implements WebhookEventRouter<PermissionReplyEvent> {
    private final String name;
    private final Function<PermissionReplyEvent, RouteResult> behaviour;
    private final List<Long> routed = java.util.Collections.synchronizedList(new ArrayList<>());

    Scripted(String name, Function<PermissionReplyEvent, RouteResult> behaviour) {
      this.name = name;
      this.behaviour = behaviour;
    }

    @Override
    public WebhookEventKind kind() {
      return WebhookEventKind.PERMISSION_REPLY;
    }

    @Override
    public RouteResult route(PermissionReplyEvent event) {
      routed.add(idOf(event));
      return behaviour.apply(event);
    }

    List<Long> routed() {
      return List.copyOf(routed);
    }

    @Override
    public String toString() {
      return "router " + name;
    }
  }

  /** A router of call events whose behaviour the test scripts; it records "wacid:event" in the order it was handed them. */
  private static final class ScriptedCalls implements WebhookEventRouter<MetaCallEvent> {
    private final Function<MetaCallEvent, RouteResult> behaviour;
    private final List<String> routed = java.util.Collections.synchronizedList(new ArrayList<>());

    ScriptedCalls(Function<MetaCallEvent, RouteResult> behaviour) {
      this.behaviour = behaviour;
    }

    @Override
    public WebhookEventKind kind() {
      return WebhookEventKind.CALL;
    }

    @Override
    public RouteResult route(MetaCallEvent event) {
      routed.add(event.callId() + ":" + event.event());
      return behaviour.apply(event);
    }

    List<String> routed() {
      return List.copyOf(routed);
    }
  }

  /** A user-initiated call's {@code connect} or {@code terminate} for call {@code wacid}, stored PENDING and due. */
  private long storeCall(ScriptedCalls router, String wacid, String event) {
    ObjectNode document = WebhookSamples.json("call-connect-user-initiated", d -> {
      ObjectNode call = (ObjectNode) WebhookSamples.firstValue(d).path("calls").path(0);
      call.put("id", wacid).put("event", event).put("timestamp", String.valueOf(Instant.now().getEpochSecond()));
      if (!event.equals("connect")) {
        call.remove("session");
      }
    });
    WebhookIntake intake = new WebhookIntake(new WebhookPayloadParser(), new WebhookRouting(List.of(router)), newStore(),
        events, WacallMetrics.noop());
    return intake.accept(document).pendingIds().get(0);
  }

  private final Map<String, Long> idsByMessage = new ConcurrentHashMap<>();

  private long idOf(PermissionReplyEvent event) {
    return idsByMessage.get(event.messageId());
  }

  /** {@code n} permission replies, stored PENDING and due, in this order. */
  private List<Long> store(int n) {
    WebhookIntake intake = new WebhookIntake(new WebhookPayloadParser(),
        new WebhookRouting(List.of(new Scripted("intake", e -> RouteResult.dispatched()))), newStore(), events,
        WacallMetrics.noop());
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String wamid = "wamid.FAULT-" + i + "-" + System.nanoTime();
      long id = intake.accept(temporaryAcceptNow("49151123456" + (10 + i), wamid)).pendingIds().get(0);
      idsByMessage.put(wamid, id);
      ids.add(id);
    }
    return ids;
  }

  /** A store of its own: another API instance's. */
  private WebhookEventStore newStore() {
    return new WebhookEventStore(JdbcClient.create(dataSource), new DataSourceTransactionManager(dataSource));
  }

  private WebhookDispatcher dispatcher(WebhookEventStore store, WebhookEventRouter<?> router, Duration lease,
      int batchSize) {
    return new WebhookDispatcher(store, events, new WebhookPayloadParser(), new WebhookRouting(List.of(router)),
        properties(lease, batchSize), WacallMetrics.noop(), Clock.systemUTC());
  }

  private static WebhookProperties properties(Duration lease, int batchSize) {
    return new WebhookProperties(null, null, null, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(5),
        batchSize, lease, Duration.ofMinutes(10), Duration.ofDays(30), Duration.ofDays(8), Duration.ofHours(1), 500);
  }

  private Instant dbNow() {
    return jdbc.sql("SELECT now()").query(OffsetDateTime.class).single().toInstant();
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(20, TimeUnit.SECONDS)) {
        throw new IllegalStateException("latch not released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private void awaitIgnoringInterrupts(CountDownLatch latch, Duration atMost) {
    long deadline = System.nanoTime() + atMost.toNanos();
    boolean interrupted = false;
    while (System.nanoTime() < deadline && testOver.getCount() > 0) {
      try {
        if (latch.await(Math.min(deadline - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(100)), TimeUnit.NANOSECONDS)) {
          break;
        }
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
