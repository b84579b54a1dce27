package io.wacall.api.call;

import io.wacall.workflows.billing.ChargeRecord;
import io.wacall.contract.call.view.CallDirection;
import io.wacall.contract.call.view.CallOutcome;
import io.wacall.contract.call.view.Disposition;
import io.wacall.contract.call.view.Ringing;
import io.wacall.contract.call.view.TimelineEntry;
import java.time.Instant;
import io.wacall.workflows.media.MediaKind;
import java.util.List;

/**
 * A call as the API shows it. {@code status} is {@code RINGING}, {@code CONNECTED} or {@code ENDED}
 * (the workflow's finer states folded in); {@code outcome} is what a person can act on.
 * {@code sdpOffer} (inbound, while the call runs) is the customer's offer from the connect webhook, which the
 * agent's client answers; {@code sdpAnswer} (outbound, while the call runs) is Meta's answer to the agent's offer.
 * {@code media} (one call's view only; empty in lists) names what wacall keeps of the call: {@code RECORDING},
 * {@code TRANSCRIPT}; {@code capture} (one call's view only) what Meta was asked to make of it and what
 * became of it, null when nothing was asked (docs/api.md#recordings-and-transcripts).
 */
public record CallResponse(
    String id,
    String wacid,
    CallDirection direction,
    String phoneNumberId,
    String customer,
    String agentId,
    String status,
    String workflowStatus,
    CallOutcome outcome,
    Instant startedAt,
    Instant answeredAt,
    Instant endedAt,
    Integer durationSeconds,
    Disposition disposition,
    Ringing ringing,
    String sdpOffer,
    String sdpAnswer,
    Integer errorCode,
    String errorMessage,
    boolean callbackRequestAllowed,
    Instant wrapUpEndsAt,
    List<TimelineEntry> timeline,
    ChargeRecord charge,
    List<MediaKind> media,
    CallCaptureView capture) {

  /** This response naming the recording and transcript wacall keeps of the call, and what Meta was asked for. */
  public CallResponse withMedia(List<MediaKind> kinds, CallCaptureView captured) {
    return new CallResponse(id, wacid, direction, phoneNumberId, customer, agentId, status, workflowStatus, outcome,
        startedAt, answeredAt, endedAt, durationSeconds, disposition, ringing, sdpOffer, sdpAnswer, errorCode,
        errorMessage, callbackRequestAllowed, wrapUpEndsAt, timeline, charge, List.copyOf(kinds), captured);
  }

  public static CallResponse of(io.wacall.contract.call.view.CallView v, ChargeRecord charge) {
    String status = switch (v.status()) {
      case CONNECTED -> "CONNECTED";
      case ENDED, REFUSED -> "ENDED";
      default -> v.endedAt() != null || v.outcome() != null ? "ENDED" : "RINGING";
    };
    return new CallResponse(v.id(), v.wacid(), v.direction(), v.phoneNumberId(), v.customer(), v.agentId(), status,
        v.status().name(), v.outcome(), v.startedAt(), v.answeredAt(), v.endedAt(), v.durationSeconds(),
        v.disposition(), v.ringing(), v.sdpOffer(), v.sdpAnswer(), v.errorCode(), v.errorMessage(), v.callbackRequestAllowed(),
        v.wrapUpEndsAt(), v.timeline(), charge, List.of(), null);
  }
}
