package io.wacall.contract.call.view;

import java.time.Instant;

/**
 * The member being rung now.
 *
 * @param position 1-based place of this member among the members that will be rung
 * @param of how many members will be rung at most (available ones, capped)
 */
public record Ringing(
    String agentId, String agentName, AgentChannel channel, int position, int of, Instant ringingSince,
    Instant ringExpiresAt) {}
