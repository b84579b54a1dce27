package io.wacall.workflows.call.legacy;

import io.wacall.workflows.call.OutboundRules;
import io.wacall.workflows.call.RingMember;
import io.wacall.contract.call.signal.CallWebhookEvent;
import io.wacall.contract.call.view.CallDirection;
import io.wacall.contract.call.view.CallOutcome;
import io.wacall.contract.call.view.CallStatus;
import io.wacall.contract.call.view.CallView;
import io.wacall.contract.call.view.Disposition;
import io.wacall.contract.call.view.RingAttempt;
import io.wacall.contract.call.view.Ringing;
import io.wacall.contract.call.view.TimelineEntry;
import io.wacall.contract.call.signal.CallWebhookEvent.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The state of one call and every transition of it, as plain Java: no Temporal, no clock (each
 * method takes {@code now}). Handlers record facts here (webhooks, an answer, a decline, a
 * hang-up); the workflow's main loop acts on them and writes the read model after each change.
 */
public final class LegacyCallState {
  /** The timeline keeps the newest entries only, so the state (and each read-model row) stays small. */
  public static final int TIMELINE_LIMIT = 100;

  /** What {@link #applyWebhook} did with an event. */
  public enum Applied {
    APPLIED,
    /** Same (kind, status) as one already applied: nothing changed. */
    DUPLICATE,
    /** Older than a status already applied (RINGING after ACCEPTED...): kept in the timeline only. */
    STALE,
    /** Carries another wacid than this call's: kept in the timeline only. */
    OTHER_CALL,
    /** No kind: ignored. */
    INVALID
  }

  /** Which step of an answer failed. */
  public enum AnswerFailure {
    NONE,
    /** Meta refused the agent's SDP: the call itself is intact, the next member can be rung. */
    PRE_ACCEPT,
    /** accept failed: the call fails. */
    ACCEPT
  }

  private final String id;
  private final CallDirection direction;
  private final String phoneNumberId;
  private String wacid;
  private String customer;
  private String agentId;
  private CallStatus status;
  private CallOutcome outcome;
  private Instant startedAt;
  private Instant answeredAt;
  private Instant endedAt;
  private Integer durationSeconds;
  private boolean durationEstimated;
  private String sdpOffer;
  private String sdpAnswer;
  private Ringing ringing;
  private final List<RingAttempt> ringAttempts = new ArrayList<>();
  private Disposition disposition;
  private boolean callbackRequestAllowed;
  private Integer errorCode;
  private String errorMessage;
  private String failureReason;
  private String hangUpBy;
  private boolean hangUpHandled;
  private Instant wrapUpEndsAt;
  private boolean closed;
  private final List<TimelineEntry> timeline = new ArrayList<>();
  private long version;

  // webhook facts
  private final List<String> seenKeys = new ArrayList<>();
  private int duplicates;
  private Instant connectAt;
  private Instant acceptedAt;
  private Instant rejectedAt;
  private CallWebhookEvent terminate;

  // inbound: the current member's turn
  private String answering;
  private AnswerFailure answerFailure = AnswerFailure.NONE;
  private boolean answerFailureAmbiguous;
  private boolean declined;

  // outbound: the connect attempt
  private boolean connectAttemptDone;
  private OutboundRules.Refusal refusal;

  public LegacyCallState(String id, CallDirection direction, String phoneNumberId, String wacid, String customer,
      String agentId, Instant now) {
    this.id = id;
    this.direction = direction;
    this.phoneNumberId = phoneNumberId;
    this.wacid = wacid;
    this.customer = customer;
    this.agentId = agentId;
    this.status = direction == CallDirection.USER_INITIATED ? CallStatus.RINGING : CallStatus.INITIATING;
    this.startedAt = now;
  }

  // --- webhooks

  /**
   * Records a webhook. Dedupes by (kind, status); a status older than one already applied (RINGING
   * after ACCEPTED, ACCEPTED after REJECTED) is stale; any order of connect, statuses and terminate
   * is accepted, because each only adds a fact and the main loop decides from the facts.
   */
  public Applied applyWebhook(CallWebhookEvent event, Instant now) {
    if (event == null || event.kind() == null) {
      return Applied.INVALID;
    }
    Instant at = event.timestamp() != null ? event.timestamp() : now;
    if (wacid != null && event.wacid() != null && !wacid.equals(event.wacid())) {
      note(at, "webhook of another call ignored", event.kind() + " for " + event.wacid());
      return Applied.OTHER_CALL;
    }
    String eventStatus = event.status() == null ? null : event.status().strip().toUpperCase(Locale.ROOT);
    String key = event.kind() == Kind.STATUS ? "STATUS:" + eventStatus : event.kind().name();
    if (seenKeys.contains(key)) {
      duplicates++;
      return Applied.DUPLICATE;
    }
    seenKeys.add(key);
    if (wacid == null && event.wacid() != null) {
      wacid = event.wacid();
    }
    boolean inbound = direction == CallDirection.USER_INITIATED;
    switch (event.kind()) {
      case CONNECT -> {
        connectAt = at;
        if (inbound) {
          sdpOffer = event.sdp();
          customer = customer != null ? customer : event.from();
          if (at.isBefore(startedAt)) {
            startedAt = at;
          }
        } else {
          sdpAnswer = event.sdp();
        }
        note(at, "connect webhook", inbound ? "the caller's SDP offer" : "Meta's SDP answer for the agent");
      }
      case STATUS -> {
        if (!applyStatus(eventStatus, at)) {
          return Applied.STALE;
        }
      }
      case TERMINATE -> {
        terminate = event;
        if (inbound) {
          customer = customer != null ? customer : event.from();
        }
        if (event.errorCode() != null) {
          errorCode = event.errorCode();
          errorMessage = event.errorMessage();
        }
        if (status == CallStatus.ENDED && event.durationSeconds() != null) {
          // Meta's duration arrived after we had to estimate it: the record takes Meta's.
          durationSeconds = event.durationSeconds();
          durationEstimated = false;
        }
        note(at, "terminate webhook", (eventStatus == null ? "" : eventStatus)
            + (event.durationSeconds() != null ? ", " + event.durationSeconds() + " s" : ", never answered")
            + (event.errorCode() != null ? ", error " + event.errorCode() + ": " + event.errorMessage() : ""));
      }
    }
    return Applied.APPLIED;
  }

  private boolean applyStatus(String eventStatus, Instant at) {
    String stale = null;
    switch (eventStatus == null ? "" : eventStatus) {
      case "RINGING" -> {
        if (acceptedAt != null || rejectedAt != null || terminate != null) {
          stale = "RINGING after the call was answered, rejected or ended";
        }
      }
      case "ACCEPTED" -> {
        if (rejectedAt != null) {
          stale = "ACCEPTED after REJECTED";
        } else {
          acceptedAt = at;
        }
      }
      case "REJECTED" -> {
        if (acceptedAt != null) {
          stale = "REJECTED after ACCEPTED";
        } else {
          rejectedAt = at;
        }
      }
      default -> {
        note(at, "status " + eventStatus, "not a call status we act on");
        return true;
      }
    }
    if (stale != null) {
      note(at, "stale status ignored", stale);
      return false;
    }
    note(at, "status " + eventStatus, switch (eventStatus) {
      case "RINGING" -> "the customer's phone rings";
      case "ACCEPTED" -> "the customer answered";
      default -> "the customer rejected the call";
    });
    return true;
  }

  // --- inbound ringing

  /** A member's turn starts. */
  public void startRinging(RingMember member, int position, int of, Instant now, Instant expiresAt) {
    status = CallStatus.RINGING;
    ringing = new Ringing(member.agentId(), member.name(), member.channel(), position, of, now, expiresAt);
    answering = null;
    answerFailure = AnswerFailure.NONE;
    declined = false;
    note(now, "ringing " + member.agentId(), position + " of " + of + ", until " + expiresAt);
  }

  /** A member's turn is over. */
  public void endRinging(RingAttempt.Result result, String detail, Instant now) {
    if (ringing == null) {
      return;
    }
    ringAttempts.add(new RingAttempt(ringing.agentId(), ringing.ringingSince(), now, result, detail));
    note(now, "ring " + result.name().toLowerCase(Locale.ROOT).replace('_', ' '),
        ringing.agentId() + (detail == null ? "" : ": " + detail));
    ringing = null;
  }

  /**
   * Why {@code agentId} may not answer or decline now, or null when they may: only the member
   * being rung, before their turn times out, while nobody is answering and the caller is there.
   */
  public String notRingingFor(String agentId, Instant now) {
    if (terminate != null) {
      return "the caller has hung up";
    }
    if (ringing == null || status != CallStatus.RINGING) {
      return "the call is not ringing";
    }
    if (!ringing.agentId().equals(agentId)) {
      return "the call is ringing for another member";
    }
    if (answering != null) {
      return "the call is being answered";
    }
    if (declined) {
      return "the member has declined";
    }
    if (!now.isBefore(ringing.ringExpiresAt())) {
      return "the member's ring has timed out";
    }
    return null;
  }

  /** The member being rung takes the call; pre_accept and accept follow. */
  public void claimAnswer(String agent, Instant now) {
    answering = agent;
    note(now, "answered by " + agent, "pre_accept and accept under way");
  }

  /** pre_accept and accept succeeded: the call is connected. */
  public void answerSucceeded(Instant now) {
    agentId = answering;
    answeredAt = now;
    status = CallStatus.CONNECTED;
    answering = null;
    note(now, "connected", "agent " + agentId);
  }

  /** The answer failed at {@code step}. */
  public void answerFailed(AnswerFailure step, boolean ambiguous, Integer graphCode, String message, Instant now) {
    String agent = answering;
    answering = null;
    answerFailure = step;
    answerFailureAmbiguous = ambiguous;
    if (step == AnswerFailure.ACCEPT) {
      agentId = agent;
      errorCode = graphCode;
      errorMessage = message;
    }
    note(now, (step == AnswerFailure.PRE_ACCEPT ? "pre_accept" : "accept") + " failed", agent + ": " + message);
  }

  /** The answer was claimed, but the caller had gone by the time pre_accept returned. */
  public void answerAbandoned(Instant now) {
    note(now, "answer too late", answering + ": the caller hung up");
    answering = null;
  }

  public void decline(String agent, String reason, Instant now) {
    declined = true;
    note(now, "declined by " + agent, reason);
  }

  public void setCallbackRequestAllowed(boolean allowed) {
    callbackRequestAllowed = allowed;
  }

  // --- outbound connect

  /** The checks or Meta refused before any call was placed. */
  public void refuse(OutboundRules.Refusal why, Instant now) {
    refusal = why;
    status = CallStatus.REFUSED;
    outcome = CallOutcome.FAILED;
    failureReason = why.code();
    errorCode = why.graphCode();
    errorMessage = why.message();
    endedAt = now;
    connectAttemptDone = true;
    note(now, "refused", why.code() + ": " + why.message());
  }

  /** Meta answered the connect with the call's wacid. */
  public void placed(String placedWacid, Instant now) {
    if (wacid != null && !wacid.equals(placedWacid)) {
      note(now, "wacid differs", "webhooks said " + wacid + ", connect answered " + placedWacid);
    }
    wacid = placedWacid;
    if (status == CallStatus.INITIATING) {
      status = CallStatus.RINGING;
    }
    connectAttemptDone = true;
    note(now, "call placed", placedWacid);
  }

  /** The connect may or may not have reached Meta; only its webhooks can tell. */
  public void connectUnconfirmed(String message, Instant now) {
    connectAttemptDone = true;
    note(now, "connect outcome unknown", message + "; waiting for Meta's webhooks");
  }

  /** A webhook confirmed the unconfirmed connect. */
  public void confirmedByWebhook(Instant now) {
    if (status == CallStatus.INITIATING) {
      status = CallStatus.RINGING;
    }
    note(now, "call confirmed", "by Meta's webhooks: " + wacid);
  }

  /** The customer answered an outbound call. */
  public void outboundConnected(Instant now) {
    status = CallStatus.CONNECTED;
    answeredAt = acceptedAt != null ? acceptedAt
        : terminate != null && terminate.startTime() != null ? terminate.startTime() : now;
    note(now, "connected", "the customer answered");
  }

  // --- both

  public void requestHangUp(String agent, Instant now) {
    hangUpBy = agent;
    note(now, "hang-up by " + agent, "terminate follows");
  }

  public void hangUpHandled(String detail, Instant now) {
    hangUpHandled = true;
    note(now, "terminate sent", detail);
  }

  /** A failure of ours, recorded with its code (no outcome yet). */
  public void failure(String reason, Integer graphCode, String message, Instant now) {
    failureReason = reason;
    if (graphCode != null || errorCode == null) {
      errorCode = graphCode;
      errorMessage = message;
    }
    note(now, "failure", reason + ": " + message);
  }

  /** The call is over. Meta's duration and end time win over ours; without them an answered call's length is estimated. */
  public void end(CallOutcome how, Instant now) {
    outcome = how;
    status = CallStatus.ENDED;
    ringing = null;
    // SDPs are signalling for the agent's client, not part of the record: later snapshots stay small
    sdpOffer = null;
    sdpAnswer = null;
    endedAt = terminate != null && terminate.endTime() != null ? terminate.endTime() : now;
    if (terminate != null && terminate.durationSeconds() != null) {
      durationSeconds = terminate.durationSeconds();
    } else if (answeredAt != null) {
      long millis = Math.max(0, Duration.between(answeredAt, endedAt).toMillis());
      durationSeconds = (int) ((millis + 999) / 1000);
      durationEstimated = true;
    } else {
      durationSeconds = 0;
    }
    note(now, "ended", how.name() + (durationSeconds > 0 ? ", " + durationSeconds + " s" : "")
        + (durationEstimated ? " (estimated: no terminate webhook)" : ""));
  }

  public void openWrapUp(Instant endsAt, Instant now) {
    wrapUpEndsAt = endsAt;
    note(now, "wrap-up", "until " + endsAt);
  }

  public void setDisposition(Disposition value, Instant now) {
    disposition = value;
    note(now, "disposition", value.tag() + " by " + value.setBy());
  }

  /** The run is about to complete: no more dispositions. */
  public void close(String why, Instant now) {
    closed = true;
    note(now, "closed", why);
  }

  /** Adds a timeline line, in time order (webhooks carry Meta's times and may arrive late). */
  public void note(Instant at, String event, String detail) {
    version++;
    int i = timeline.size();
    while (i > 0 && timeline.get(i - 1).at().isAfter(at)) {
      i--;
    }
    timeline.add(i, new TimelineEntry(at, event, detail));
    if (timeline.size() > TIMELINE_LIMIT) {
      timeline.remove(0);
    }
  }

  // --- reading

  public String id() {
    return id;
  }

  public CallDirection direction() {
    return direction;
  }

  public String phoneNumberId() {
    return phoneNumberId;
  }

  public String wacid() {
    return wacid;
  }

  public String customer() {
    return customer;
  }

  public String agentId() {
    return agentId;
  }

  public CallStatus status() {
    return status;
  }

  public CallOutcome outcome() {
    return outcome;
  }

  public long version() {
    return version;
  }

  public int duplicates() {
    return duplicates;
  }

  public Instant startedAt() {
    return startedAt;
  }

  public Instant answeredAt() {
    return answeredAt;
  }

  public Instant endedAt() {
    return endedAt;
  }

  public Integer durationSeconds() {
    return durationSeconds;
  }

  public boolean connectSeen() {
    return connectAt != null;
  }

  public Instant connectAt() {
    return connectAt;
  }

  public boolean accepted() {
    return acceptedAt != null;
  }

  public boolean rejected() {
    return rejectedAt != null;
  }

  public boolean terminated() {
    return terminate != null;
  }

  public CallWebhookEvent terminateEvent() {
    return terminate;
  }

  /** Meta says the customer answered: ACCEPTED, or a terminate with a duration. */
  public boolean answeredPerMeta() {
    return acceptedAt != null || (terminate != null && terminate.answered());
  }

  public String failureReason() {
    return failureReason;
  }

  public Ringing ringing() {
    return ringing;
  }

  public List<RingAttempt> ringAttempts() {
    return List.copyOf(ringAttempts);
  }

  public String answering() {
    return answering;
  }

  public AnswerFailure answerFailure() {
    return answerFailure;
  }

  public boolean answerFailureAmbiguous() {
    return answerFailureAmbiguous;
  }

  public boolean declined() {
    return declined;
  }

  public boolean hangUpRequested() {
    return hangUpBy != null;
  }

  public boolean hangUpHandled() {
    return hangUpHandled;
  }

  public Disposition disposition() {
    return disposition;
  }

  public boolean callbackRequestAllowed() {
    return callbackRequestAllowed;
  }

  public boolean connectAttemptDone() {
    return connectAttemptDone;
  }

  public OutboundRules.Refusal refusal() {
    return refusal;
  }

  public boolean closed() {
    return closed;
  }

  public Instant wrapUpEndsAt() {
    return wrapUpEndsAt;
  }

  public CallView view(Instant now) {
    return new CallView(id, wacid, direction, phoneNumberId, customer, agentId, status, outcome, startedAt,
        answeredAt, endedAt, durationSeconds, durationEstimated, disposition, ringing, List.copyOf(ringAttempts),
        sdpOffer, sdpAnswer, callbackRequestAllowed, errorCode, errorMessage, failureReason, hangUpBy, wrapUpEndsAt,
        List.copyOf(timeline), version, now);
  }
}
