package io.wacall.api.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The agents' event streams of this API process. One task reads, every {@code wacall.api.events.tick},
 * the snapshot of each agent that has a stream open (once per agent, whatever the number of its
 * tabs) and hands it to each of its streams, which send what changed. The calls' state lives in
 * Temporal and PostgreSQL, which any API process reads, so a stream needs no sticky routing and
 * survives a restart of the process by reconnecting anywhere.
 *
 * <p>A stream lives at most {@code wacall.api.events.max-stream}, and never past its token's expiry:
 * the token is checked when the stream opens, so the client reconnects (with a fresh token) to go on.
 */
@Component
class AgentEventHub implements SmartLifecycle, DisposableBean {
  private static final Logger log = LoggerFactory.getLogger(AgentEventHub.class);
  /** A comment line this often keeps proxies from closing a quiet stream, and finds closed tabs. */
  static final Duration HEARTBEAT = Duration.ofSeconds(15);

  private final AgentSnapshots snapshots;
  private final Clock clock;
  private final Duration maxStream;
  private final Map<String, Set<AgentEventStream>> streams = new ConcurrentHashMap<>();
  private volatile boolean running;
  private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "agent-events");
    thread.setDaemon(true);
    return thread;
  });

  AgentEventHub(AgentSnapshots snapshots, Clock clock,
      @Value("${wacall.api.events.tick:500ms}") Duration tick,
      @Value("${wacall.api.events.max-stream:10m}") Duration maxStream) {
    this.snapshots = snapshots;
    this.clock = clock;
    this.maxStream = maxStream;
    ticker.scheduleWithFixedDelay(this::tick, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
    ticker.scheduleWithFixedDelay(this::heartbeat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** A new stream for {@code agentId}, closed at {@code notAfter} (the token's expiry) or after the longest stream. */
  SseEmitter open(String agentId, Instant notAfter) {
    Duration life = maxStream;
    if (notAfter != null) {
      Duration untilExpiry = Duration.between(clock.instant(), notAfter);
      life = untilExpiry.compareTo(life) < 0 ? untilExpiry : life;
    }
    SseEmitter emitter = new SseEmitter(Math.max(1_000, life.toMillis()));
    AgentEventStream stream = new AgentEventStream(agentId, emitter);
    Runnable remove = () -> remove(stream);
    emitter.onCompletion(remove);
    emitter.onTimeout(() -> {
      remove(stream);
      emitter.complete();
    });
    emitter.onError(e -> remove(stream));
    streams.computeIfAbsent(agentId, a -> ConcurrentHashMap.newKeySet()).add(stream);
    ticker.execute(() -> publish(agentId, Set.of(stream))); // its hello at once, not at the next tick
    return emitter;
  }

  int openStreams(String agentId) {
    return streams.getOrDefault(agentId, Set.of()).size();
  }

  private void tick() {
    for (Map.Entry<String, Set<AgentEventStream>> agent : streams.entrySet()) {
      if (!agent.getValue().isEmpty()) {
        publish(agent.getKey(), agent.getValue());
      }
    }
  }

  private void publish(String agentId, Set<AgentEventStream> to) {
    AgentSnapshot snapshot;
    try {
      snapshot = snapshots.read(agentId);
    } catch (RuntimeException e) {
      // the database is away: the streams stay open and catch up once it is back
      log.warn("events of agent {} not read: {}", agentId, e.toString());
      return;
    }
    for (AgentEventStream stream : to) {
      if (!stream.publish(snapshot)) {
        remove(stream);
      }
    }
  }

  private void heartbeat() {
    streams.values().forEach(set -> set.forEach(stream -> {
      if (!stream.heartbeat()) {
        remove(stream);
      }
    }));
  }

  private void remove(AgentEventStream stream) {
    Set<AgentEventStream> set = streams.get(stream.agentId());
    if (set != null) {
      set.remove(stream);
    }
  }

  @Override
  public void start() {
    running = true;
  }

  /**
   * Ends every stream before the web server's graceful shutdown begins (a later phase stops first),
   * which would otherwise wait for them: the clients reconnect to another process, or to this one
   * once it is back.
   */
  @Override
  public void stop() {
    running = false;
    streams.values().forEach(set -> set.forEach(stream -> stream.emitter().complete()));
    streams.clear();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public void destroy() {
    ticker.shutdownNow();
    stop();
  }
}
