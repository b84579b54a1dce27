package io.wacall.backend.store.directory;

/** The agent is not in the directory. */
public class UnknownAgentException extends RuntimeException {
  private final String agentId;

  public UnknownAgentException(String agentId) {
    super("agent " + agentId + " is not in the directory");
    this.agentId = agentId;
  }

  public String agentId() {
    return agentId;
  }
}
