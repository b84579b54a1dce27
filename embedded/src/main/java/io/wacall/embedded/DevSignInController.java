package io.wacall.embedded;

import io.wacall.api.security.AgentTokenIssuer;
import io.wacall.api.security.AgentTokenIssuer.AgentToken;
import io.wacall.backend.store.directory.AgentRepository;
import io.wacall.backend.store.directory.UnknownAgentException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The console's development sign-in, in the embedded mode only (with the sandbox on, so never with
 * real Meta: {@code SandboxGuard}): pick an agent from the directory and get its token, as a CRM
 * would mint it. Under {@code /sandbox/}, which needs no credential, like the rest of the sandbox:
 * anyone who reaches this loopback process may act as any agent, which is the point of a sandbox.
 */
@RestController
@ConditionalOnProperty(name = "wacall.sandbox.enabled", havingValue = "true")
public class DevSignInController {
  /** A development token lives an hour, like the default agent token. */
  static final Duration TOKEN_TTL = Duration.ofHours(1);
  /** The directory of a laptop is small: the first 200 agents are offered. */
  static final int MAX_AGENTS = 200;

  private final AgentRepository agents;
  private final AgentTokenIssuer tokens;

  DevSignInController(AgentRepository agents, AgentTokenIssuer tokens) {
    this.agents = agents;
    this.tokens = tokens;
  }

  public record DevAgent(String agentId, String name, boolean available) {}

  public record DevToken(String agentId, String token, Instant expiresAt) {}

  @GetMapping("/sandbox/dev/agents")
  public List<DevAgent> agents() {
    return agents.list(0, MAX_AGENTS).stream().map(a -> new DevAgent(a.agentId(), a.name(), a.available())).toList();
  }

  @PostMapping("/sandbox/dev/agents/{agentId}/token")
  public DevToken token(@PathVariable String agentId) {
    if (!agents.exists(agentId)) {
      throw new UnknownAgentException(agentId);
    }
    AgentToken token = tokens.mint(agentId, TOKEN_TTL);
    return new DevToken(agentId, token.token(), token.expiresAt());
  }
}
