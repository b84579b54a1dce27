package io.wacall.api.events;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.wacall.api.security.Role;
import io.wacall.api.security.Roles;
import io.wacall.api.web.Fails;
import io.wacall.api.web.ProblemCode;
import io.wacall.backend.store.directory.AgentRepository;
import io.wacall.backend.store.directory.UnknownAgentException;
import java.time.Instant;
import io.wacall.api.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * An agent's events as server-sent events: {@code hello} (the calls ringing now), {@code ringing},
 * {@code ringing-stopped} and {@code call} (one of the agent's calls changed, with Meta's SDP answer
 * of an outbound call once it came). Authorised like every API request, by the bearer token in the
 * {@code Authorization} header: a browser reads the stream with {@code fetch}, never with a token
 * in the URL (docs/security.md).
 */
@RestController
@RequestMapping("/api/v1/agents")
@Tag(name = "Agents")
class AgentEventsController {
  private final AgentRepository agents;
  private final AgentEventHub hub;

  AgentEventsController(AgentRepository agents, AgentEventHub hub) {
    this.agents = agents;
    this.hub = hub;
  }

  @GetMapping(path = "/{agentId}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  @Operation(summary = "The agent's events as a server-sent event stream (ringing, no longer ringing, call updated)",
      description = "The first event, hello, lists the calls ringing now; a reconnect starts with a fresh hello, so"
          + " nothing ringing is missed. The stream ends at the token's expiry or after wacall.api.events.max-stream;"
          + " the client reconnects.")
  @Roles({Role.SERVICE, Role.AGENT})
  @Fails({ProblemCode.AGENT_NOT_FOUND})
  public SseEmitter events(@PathVariable String agentId) {
    if (!agents.exists(agentId)) {
      throw new UnknownAgentException(agentId);
    }
    return hub.open(agentId, tokenExpiry(SecurityContextHolder.getContext().getAuthentication()));
  }

  /**
   * 404 as problem details even though the client asked for {@code text/event-stream} (a preset
   * content type skips the negotiation that would otherwise fail the error answer itself).
   */
  @ExceptionHandler(UnknownAgentException.class)
  ResponseEntity<ProblemDetail> unknownAgent(UnknownAgentException e) {
    ProblemDetail problem = Problems.problem(HttpStatus.NOT_FOUND, "AGENT_NOT_FOUND", e.getMessage());
    problem.setProperty("agentId", e.agentId());
    return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
  }

  private static Instant tokenExpiry(Authentication authentication) {
    return authentication instanceof JwtAuthenticationToken jwt ? jwt.getToken().getExpiresAt() : null;
  }
}
