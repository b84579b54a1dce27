package io.wacall.backend.activity;

import io.wacall.backend.store.directory.AgentRingingRepository;
import io.wacall.workflows.call.RingNotification;
import org.springframework.stereotype.Component;

/**
 * Rings an agent on their channel ({@code NotifyAgent} of legacy runs, the second half of
 * {@code RingAgent}). A failure here is the workflow's "unreachable agent": it moves on to the next
 * member.
 */
@Component
public class AgentRinger {
  private final AgentRingingRepository ringing;

  public AgentRinger(AgentRingingRepository ringing) {
    this.ringing = ringing;
  }

  public void ring(RingNotification n) {
    // WEB_APP agents poll GET /api/v1/agents/{id}/ringing; a push to the mobile app would go here too.
    ringing.ringing(n.callId(), n.agentId(), n.phoneNumberId(), n.from(), n.ringingSince(), n.ringExpiresAt());
  }
}
