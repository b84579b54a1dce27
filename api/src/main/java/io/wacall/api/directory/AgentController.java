package io.wacall.api.directory;

import io.wacall.api.security.Role;
import io.wacall.api.security.Roles;
import io.wacall.api.web.Fails;
import io.wacall.api.web.ProblemCode;
import io.wacall.api.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.wacall.backend.store.directory.AgentRepository;
import io.wacall.backend.store.directory.AgentRingingRepository;
import io.wacall.backend.store.directory.AgentUpdate;
import io.wacall.backend.store.directory.UnknownAgentException;
import io.wacall.api.directory.DirectoryJson.AgentBody;
import io.wacall.api.directory.DirectoryJson.AgentResponse;
import io.wacall.api.directory.DirectoryJson.PhoneNumberResponse;
import io.wacall.backend.store.directory.PhoneNumberRepository;
import io.wacall.backend.store.directory.RingGroupRepository;
import java.util.Optional;
import io.wacall.api.directory.DirectoryJson.Page;
import io.wacall.api.directory.DirectoryJson.RingingResponse;
import io.wacall.api.security.AgentTokenIssuer;
import io.wacall.api.security.AgentTokenIssuer.AgentToken;
import io.wacall.api.web.Problems;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Agents, the calls ringing for each of them (which their clients poll), their availability, and
 * the short-lived tokens a CRM service mints for them.
 */
@RestController
@RequestMapping("/api/v1/agents")
@Tag(name = "Agents")
public class AgentController {
  private final AgentRepository agents;
  private final AgentRingingRepository ringing;
  private final AgentTokenIssuer tokens;
  private final RingGroupRepository ringGroups;
  private final PhoneNumberRepository phoneNumbers;
  private final Clock clock;

  public AgentController(AgentRepository agents, AgentRingingRepository ringing, AgentTokenIssuer tokens,
      RingGroupRepository ringGroups, PhoneNumberRepository phoneNumbers, Clock clock) {
    this.agents = agents;
    this.ringGroups = ringGroups;
    this.phoneNumbers = phoneNumbers;
    this.ringing = ringing;
    this.tokens = tokens;
    this.clock = clock;
  }

  /** {@code ttlSeconds}: how long the token lives, at most the configured lifetime (its default). */
  public record TokenRequest(@Min(60) @Max(86_400) Integer ttlSeconds) {}

  public record TokenResponse(String token, Instant expiresAt, String agentId) {}

  public record AvailabilityBody(@NotNull Boolean available) {}

  /**
   * A service, having authenticated its own user, mints that agent's token; the agent's client
   * sends it as {@code Authorization: Bearer}. The token is not stored or logged by wacall.
   */
  @PostMapping("/{agentId}/tokens")
  @Operation(summary = "Mint a short-lived agent token (a JWT for this agent only)")
  @Roles({Role.SERVICE})
  @Fails({ProblemCode.AGENT_NOT_FOUND, ProblemCode.AGENT_TOKENS_NOT_CONFIGURED})
  public ResponseEntity<TokenResponse> mint(@PathVariable String agentId,
      @Valid @RequestBody(required = false) TokenRequest body) {
    if (!agents.exists(agentId)) {
      throw new UnknownAgentException(agentId);
    }
    if (!tokens.configured()) {
      throw Problems.error(HttpStatus.SERVICE_UNAVAILABLE, "AGENT_TOKENS_NOT_CONFIGURED",
          "no agent token signing key is configured (wacall.api.agent-tokens.keys)");
    }
    Duration ttl = body == null || body.ttlSeconds() == null ? null : Duration.ofSeconds(body.ttlSeconds());
    AgentToken token = tokens.mint(agentId, ttl);
    return ResponseEntity.status(HttpStatus.CREATED).body(new TokenResponse(token.token(), token.expiresAt(), agentId));
  }

  /** Away agents are skipped by the ring group; an agent sets its own, a service any agent's. */
  @PutMapping("/{agentId}/availability")
  @Operation(summary = "Set an agent available or away")
  @Roles({Role.SERVICE, Role.AGENT})
  @Fails({ProblemCode.AGENT_NOT_FOUND})
  public AgentResponse availability(@PathVariable String agentId, @Valid @RequestBody AvailabilityBody body) {
    return agents.setAvailable(agentId, body.available()).map(AgentResponse::of)
        .orElseThrow(() -> new UnknownAgentException(agentId));
  }

  @PutMapping("/{agentId}")
  @Operation(summary = "Create or replace an agent")
  @Roles({Role.OPERATOR})
  public AgentResponse put(@PathVariable String agentId, @RequestBody AgentBody body) {
    return AgentResponse.of(agents.save(agentId, new AgentUpdate(body.name(), body.defaultChannel(), body.available())));
  }

  @GetMapping("/{agentId}")
  @Operation(summary = "An agent")
  @Roles({Role.SERVICE, Role.OPERATOR, Role.AGENT})
  @Fails({ProblemCode.AGENT_NOT_FOUND})
  public AgentResponse get(@PathVariable String agentId) {
    return agents.find(agentId).map(AgentResponse::of).orElseThrow(() -> new UnknownAgentException(agentId));
  }

  @GetMapping
  @Operation(summary = "List the agents, by id")
  @Roles({Role.SERVICE, Role.OPERATOR})
  public Page<AgentResponse> list(@RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "50") int size) {
    Paging paging = Paging.of(page, size, DirectoryJson.MAX_PAGE_SIZE);
    return new Page<>(agents.list(paging.offset(), paging.size()).stream().map(AgentResponse::of).toList(),
        page, size, agents.count());
  }

  /**
   * The business numbers the agent is in the ring group of, with their settings: what its client
   * offers to call from, and each number's disposition tags for the wrap-up form.
   */
  @GetMapping("/{agentId}/phone-numbers")
  @Operation(summary = "The business numbers an agent answers and calls for (its ring groups), with their tags")
  @Roles({Role.SERVICE, Role.AGENT})
  @Fails({ProblemCode.AGENT_NOT_FOUND})
  public List<PhoneNumberResponse> phoneNumbers(@PathVariable String agentId) {
    if (!agents.exists(agentId)) {
      throw new UnknownAgentException(agentId);
    }
    return ringGroups.numbersOf(agentId).stream().map(phoneNumbers::find).flatMap(Optional::stream)
        .map(PhoneNumberResponse::of).toList();
  }

  /** The calls ringing for the agent now, the longest-ringing first; an agent client polls this. */
  @GetMapping("/{agentId}/ringing")
  @Operation(summary = "The calls ringing for an agent now")
  @Roles({Role.SERVICE, Role.AGENT})
  @Fails({ProblemCode.AGENT_NOT_FOUND})
  public List<RingingResponse> ringing(@PathVariable String agentId) {
    if (!agents.exists(agentId)) {
      throw new UnknownAgentException(agentId);
    }
    return ringing.ringingFor(agentId, clock.instant()).stream().map(RingingResponse::of).toList();
  }
}
