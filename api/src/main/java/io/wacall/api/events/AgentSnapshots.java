package io.wacall.api.events;

import io.wacall.api.call.CallResponse;
import io.wacall.api.call.CallWorkflows;
import io.wacall.api.permission.PermissionResponse;
import io.wacall.backend.store.PermissionReadModel;
import io.wacall.backend.store.CallReadModel;
import io.wacall.backend.store.directory.AgentRingingRepository;
import io.wacall.contract.call.view.CallStatus;
import io.wacall.contract.call.view.CallView;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Reads an {@link AgentSnapshot} from the read models in PostgreSQL, and asks a running call's
 * workflow for its state (the record is written by the activities that run anyway, so it does not
 * carry what only a signal changed, such as Meta's SDP answer of an outbound call).
 */
@Component
class AgentSnapshots {
  /** How many of the agent's newest calls a stream follows. */
  static final int RECENT_CALLS = 20;
  private static final Logger log = LoggerFactory.getLogger(AgentSnapshots.class);

  private final AgentRingingRepository ringing;
  private final CallReadModel calls;
  private final CallWorkflows workflows;
  private final PermissionReadModel permissions;
  private final PermissionWatches watches;
  private final Clock clock;

  AgentSnapshots(AgentRingingRepository ringing, CallReadModel calls, CallWorkflows workflows,
      PermissionReadModel permissions, PermissionWatches watches, Clock clock) {
    this.permissions = permissions;
    this.watches = watches;
    this.ringing = ringing;
    this.calls = calls;
    this.workflows = workflows;
    this.clock = clock;
  }

  AgentSnapshot read(String agentId) {
    Instant now = clock.instant();
    CallReadModel.Filter mine = new CallReadModel.Filter(null, null, agentId, null, null, null, null);
    List<CallResponse> recent = new ArrayList<>();
    for (CallView recorded : calls.list(mine, 0, RECENT_CALLS)) {
      recent.add(CallResponse.of(running(recorded) ? live(recorded) : recorded, null));
    }
    List<PermissionResponse> followed = new ArrayList<>();
    for (PermissionWatches.Pair pair : watches.of(agentId)) {
      permissions.find(pair.phoneNumberId(), pair.waId(), now)
          .ifPresent(row -> followed.add(PermissionResponse.of(row, now)));
    }
    return new AgentSnapshot(ringing.ringingFor(agentId, now), recent, followed);
  }

  private static boolean running(CallView recorded) {
    return recorded.status() != CallStatus.ENDED && recorded.status() != CallStatus.REFUSED;
  }

  /** The running call as its workflow has it; its record when the workflow cannot say (closed, or Temporal away). */
  private CallView live(CallView recorded) {
    try {
      return workflows.state(recorded.id()).map(calls::withStoredDisposition).orElse(recorded);
    } catch (RuntimeException e) {
      log.debug("state of {} not read from its workflow ({}): its record is shown", recorded.id(), e.toString());
      return recorded;
    }
  }
}
