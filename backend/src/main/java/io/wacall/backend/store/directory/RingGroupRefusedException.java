package io.wacall.backend.store.directory;

import java.util.List;

/**
 * A ring group refused because of the agents it names: some are not in the directory, or some
 * appear twice (a member rung twice in one call would be ambiguous: whose turn is it?).
 */
public class RingGroupRefusedException extends RuntimeException {
  /** Why the group was refused. */
  public enum Reason { UNKNOWN_AGENTS, DUPLICATE_AGENTS }

  private final Reason reason;
  private final transient List<String> agentIds;

  public RingGroupRefusedException(Reason reason, List<String> agentIds) {
    super("members: " + problem(reason, agentIds));
    this.reason = reason;
    this.agentIds = List.copyOf(agentIds);
  }

  /** What is wrong with the {@code members} field, without the field's name. */
  public String problem() {
    return problem(reason, agentIds);
  }

  private static String problem(Reason reason, List<String> agentIds) {
    return (reason == Reason.UNKNOWN_AGENTS ? "unknown agents " : "agents listed more than once ")
        + String.join(", ", agentIds);
  }

  public Reason reason() {
    return reason;
  }

  public List<String> agentIds() {
    return agentIds;
  }
}
