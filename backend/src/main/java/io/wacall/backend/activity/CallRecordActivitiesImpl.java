package io.wacall.backend.activity;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import io.wacall.backend.store.CallRecords;
import io.wacall.contract.call.view.CallView;
import io.wacall.workflows.billing.ChargeRequest;
import io.wacall.workflows.call.CallRecordActivities;
import io.wacall.workflows.call.CloseCall;
import io.wacall.workflows.call.RingAgent;
import io.wacall.workflows.call.RingNotification;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * {@link CallRecordActivities}: the call's record (snapshot and ringing rows, {@link CallRecords})
 * and what a call leaves behind ({@link CallEndings}). {@code RingAgent} and {@code SaveCall} run
 * as local activities: short, and idempotent by the snapshot's version.
 */
@Component("callRecordActivities")
public class CallRecordActivitiesImpl implements CallRecordActivities {
  /** The failure type of a {@code RingAgent} whose call does not ring the agent it names. */
  public static final String RING_MISMATCH = "RingAgentMismatch";

  private static final Logger log = LoggerFactory.getLogger(CallRecordActivitiesImpl.class);

  private final CallRecords records;
  private final AgentRinger ringer;
  private final CallEndings endings;
  private final Clock clock;

  public CallRecordActivitiesImpl(CallRecords records, AgentRinger ringer, CallEndings endings, Clock clock) {
    this.records = records;
    this.ringer = ringer;
    this.endings = endings;
    this.clock = clock;
  }

  /**
   * Saves the call (its snapshot rings this member: the previous member's row goes), then rings the
   * member on their channel; a failure to ring fails the activity (the workflow moves on). A
   * snapshot older than the stored one rings nobody.
   */
  @Override
  public void ring(RingAgent command) {
    RingNotification ring = command.ring();
    CallView call = command.call();
    if (call.ringing() == null || !call.ringing().agentId().equals(ring.agentId())) {
      throw ApplicationFailure.newNonRetryableFailure("RingAgent for " + ring.agentId() + " with a record of call "
          + call.id() + " that rings " + (call.ringing() == null ? "nobody" : call.ringing().agentId()), RING_MISMATCH);
    }
    if (!records.save(call, RunIds.current()).current()) {
      log.info("call {}: record version {} is older than the stored one; agent {} not rung", call.id(),
          call.version(), ring.agentId());
      return;
    }
    ringer.ring(ring);
  }

  @Override
  public void save(CallView call) {
    records.save(call, RunIds.current());
  }

  /**
   * The final snapshot, the conversation line, the notice to CallPermission, the ledger row, in that
   * order (the ledger's refusals are the only non-retryable failures, so everything else is written
   * before one of them ends the activity). The snapshot, the line and the row are idempotent in
   * PostgreSQL; so that a retry does not signal CallPermission again, the parts already done travel
   * to the next attempt as the activity's heartbeat details, recorded only when an attempt fails
   * (a heartbeat that reaches the server is a billable action).
   */
  @Override
  public void close(CloseCall command) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    boolean local = context.getInfo().isLocal();
    CloseProgress done = local ? CloseProgress.NONE
        : context.getHeartbeatDetails(CloseProgress.class).orElse(CloseProgress.NONE);
    try {
      if (!done.snapshot()) {
        records.save(command.call(), RunIds.current());
        done = done.withSnapshot();
      }
      if (command.conversation() != null && !done.conversation()) {
        endings.logConversation(command.conversation());
        done = done.withConversation();
      }
      if (command.permission() != null && !done.permission()) {
        endings.notifyPermission(command.permission());
        done = done.withPermission();
      }
      if (command.charge() != null && !done.charge()) {
        endings.charge(priced(command));
        done = done.withCharge();
      }
    } catch (RuntimeException failed) {
      if (!local && !done.equals(CloseProgress.NONE)) {
        try {
          context.heartbeat(done);
        } catch (RuntimeException lost) {
          failed.addSuppressed(lost);
        }
      }
      throw failed;
    }
  }

  /**
   * The ledger needs a connect time (it picks the rate card and the volume month): a call that never
   * connected is priced (free) at its end, else its start, taken from the final snapshot so that every
   * attempt carries the same figures.
   */
  private ChargeRequest priced(CloseCall command) {
    ChargeRequest charge = command.charge();
    if (charge.connectedAt() != null) {
      return charge;
    }
    CallView call = command.call();
    Instant at = call.endedAt() != null ? call.endedAt() : call.startedAt() != null ? call.startedAt() : clock.instant();
    return new ChargeRequest(charge.callId(), charge.direction(), charge.phoneNumberId(), charge.customerNumber(), at,
        charge.connectedSeconds());
  }

  /** The parts of {@code CloseCall} an earlier attempt completed (its heartbeat details). */
  public record CloseProgress(boolean snapshot, boolean conversation, boolean permission, boolean charge) {
    static final CloseProgress NONE = new CloseProgress(false, false, false, false);

    CloseProgress withSnapshot() {
      return new CloseProgress(true, conversation, permission, charge);
    }

    CloseProgress withConversation() {
      return new CloseProgress(snapshot, true, permission, charge);
    }

    CloseProgress withPermission() {
      return new CloseProgress(snapshot, conversation, true, charge);
    }

    CloseProgress withCharge() {
      return new CloseProgress(snapshot, conversation, permission, true);
    }
  }
}
