package io.wacall.workflows.call;

import io.wacall.contract.call.view.AgentChannel;
import java.time.Instant;

/**
 * Argument of {@code NotifyAgent}: ring this agent on their channel. It is also the row of
 * {@code GET /api/v1/agents/{agentId}/ringing}, until {@code StopRinging} removes it.
 *
 * @param callId the call's id in the API (the workflow ID)
 * @param from the caller's number, shown to the agent
 */
public record RingNotification(
    String callId, String agentId, AgentChannel channel, String phoneNumberId, String from, Instant ringingSince,
    Instant ringExpiresAt) {}
