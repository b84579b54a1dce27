package io.wacall.api.security;

import io.wacall.api.web.Problems;
import java.util.Objects;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.ErrorResponseException;

/**
 * Who is calling, as Spring Security authenticated them, for the object-level checks that a URL
 * rule cannot make (is this call ringing for this agent?). For an agent, {@link #name()} is its
 * agent id, taken from the token's {@code sub} and nowhere else.
 */
public record Caller(String name, boolean service, boolean agent, boolean operator) {

  public static Caller current() {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    if (auth == null || !auth.isAuthenticated()) {
      throw new IllegalStateException("no authenticated caller: the security filter chain did not run");
    }
    return new Caller(auth.getName(), Role.SERVICE.heldBy(auth), Role.AGENT.heldBy(auth),
        Role.OPERATOR.heldBy(auth));
  }

  /** An agent acting on someone else's behalf; a service acts for any agent. */
  public boolean isAgentOnly() {
    return agent && !service;
  }

  /**
   * The agent an action is for: an agent's own id (a different {@code agentId} in the body is 403);
   * for a service, the body's {@code agentId}, which it must give.
   */
  public String actingAgent(String bodyAgentId) {
    if (isAgentOnly()) {
      if (bodyAgentId != null && !bodyAgentId.isBlank() && !bodyAgentId.equals(name)) {
        throw forbidden("an agent acts only as itself: agentId must be " + name + " or left out");
      }
      return name;
    }
    if (bodyAgentId == null || bodyAgentId.isBlank()) {
      throw Problems.error(HttpStatus.BAD_REQUEST, "INVALID_REQUEST", "agentId is required");
    }
    return bodyAgentId;
  }

  /** An agent may only touch what belongs to {@code agentId}; services and operators pass. */
  public void requireSelf(String agentId, String what) {
    if (isAgentOnly() && !Objects.equals(agentId, name)) {
      throw forbidden(what);
    }
  }

  public static ErrorResponseException forbidden(String detail) {
    return Problems.error(HttpStatus.FORBIDDEN, "FORBIDDEN", detail);
  }
}
