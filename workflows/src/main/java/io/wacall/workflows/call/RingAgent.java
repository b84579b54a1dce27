package io.wacall.workflows.call;

import io.wacall.contract.call.view.CallView;

/**
 * Argument of {@code RingAgent}: ring one member of the ring group.
 *
 * @param ring who is rung, on which channel, until when (also the row of
 *     {@code GET /api/v1/agents/{agentId}/ringing})
 * @param call the call's record while this member rings; saving it ends the previous member's ring
 */
public record RingAgent(RingNotification ring, CallView call) {}
