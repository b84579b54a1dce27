package io.wacall.backend.store.directory;

import java.time.Instant;

/**
 * A call ringing for one agent: what the agent's client polls for, and what it needs to answer.
 *
 * @param callId the call's API id, its workflow ID ({@code inbound-call:{wacid}}), which the
 *     client passes to {@code POST /api/v1/calls/{id}/answer}
 * @param from the caller's number as Meta gave it
 * @param ringExpiresAt when this member's turn ends; the row is no longer shown after it
 */
public record RingingCall(
    String callId,
    String agentId,
    String phoneNumberId,
    String from,
    Instant ringingSince,
    Instant ringExpiresAt) {}
