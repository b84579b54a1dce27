package io.wacall.api.events;

import io.wacall.api.call.CallResponse;
import io.wacall.api.permission.PermissionResponse;
import io.wacall.backend.store.directory.RingingCall;
import java.util.List;

/**
 * What one agent's client shows, read at one instant: the calls ringing for the agent, and the
 * agent's recent calls (a running call as its workflow has it now, with Meta's SDP answer of an
 * outbound call; an ended one as its record has it), and the permissions of the customers it follows.
 */
record AgentSnapshot(List<RingingCall> ringing, List<CallResponse> calls, List<PermissionResponse> permissions) {}
