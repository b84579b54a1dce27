package io.wacall.api.events;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The customers whose permission each agent's streams follow: those it looked up or asked, the
 * latest {@link #PER_AGENT} of them. Kept in this process's memory: after a reconnect to another
 * process the client looks its customer up again (the console does), which watches it there.
 */
@Component
public class PermissionWatches {
  static final int PER_AGENT = 20;

  public record Pair(String phoneNumberId, String waId) {}

  private final Map<String, Set<Pair>> byAgent = new ConcurrentHashMap<>();

  /** The agent looked up or asked for this customer's permission: its streams follow it from now on. */
  public void watch(String agentId, String phoneNumberId, String waId) {
    Set<Pair> pairs = byAgent.computeIfAbsent(agentId, a -> new LinkedHashSet<>());
    synchronized (pairs) {
      Pair pair = new Pair(phoneNumberId, waId);
      pairs.remove(pair);
      pairs.add(pair);
      if (pairs.size() > PER_AGENT) {
        pairs.remove(pairs.iterator().next());
      }
    }
  }

  List<Pair> of(String agentId) {
    Set<Pair> pairs = byAgent.getOrDefault(agentId, Set.of());
    synchronized (pairs) {
      return List.copyOf(pairs);
    }
  }
}
