package io.wacall.workflows.call;

import io.wacall.contract.call.signal.CallWebhookEvent;
import io.wacall.contract.call.signal.CallWebhookEvent.Kind;
import io.wacall.contract.call.view.CallDirection;
import io.wacall.contract.call.view.CallOutcome;
import io.wacall.contract.call.view.CallStatus;
import io.wacall.contract.call.view.CallView;
import io.wacall.contract.call.view.RingAttempt;
import io.wacall.contract.call.view.Ringing;
import io.wacall.contract.call.view.TimelineEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What both directions of a call share, as plain Java: who and what the call is, what Meta's
 * webhooks said, the hang-up, the failure, the end and the timeline. No Temporal and no clock (each
 * method takes {@code now}). The turn logic of a direction lives in {@link RingTurns} (inbound) and
 * {@link OutboundAttempt} (outbound), which change these facts through the methods below.
 */
public final class CallFacts {
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
  private boolean callbackRequestAllowed;
  private Integer errorCode;
  private String errorMessage;
  private String failureReason;
  private String hangUpBy;
  private boolean hangUpHandled;
  private Instant wrapUpEndsAt;
  private final List<TimelineEntry> timeline = new ArrayList<>();
  private long version;

  // what the webhooks said
  private final List<String> seenKeys = new ArrayList<>();
  private int duplicates;
  private Instant connectAt;
  private Instant acceptedAt;
  private Instant rejectedAt;
  private CallWebhookEvent terminate;

  public CallFacts(String id, CallDirection direction, String phoneNumberId, String wacid, String customer,
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

  // --- transitions the turn objects make

  /** The call is connected to {@code agent} since {@code at}. */
  void connected(String agent, Instant at, String detail, Instant now) {
    agentId = agent;
    answeredAt = at;
    status = CallStatus.CONNECTED;
    note(now, "connected", detail);
  }

  /** Back to ringing (an inbound member's turn starts; an outbound call Meta took). */
  void ringing() {
    status = CallStatus.RINGING;
  }

  /** Meta named the call (the connect's answer): the webhooks may have named it already. */
  void named(String placedWacid, Instant now) {
    if (wacid != null && !wacid.equals(placedWacid)) {
      note(now, "wacid differs", "webhooks said " + wacid + ", connect answered " + placedWacid);
    }
    wacid = placedWacid;
  }

  /** The checks or Meta refused before any call was placed. */
  void refused(String code, Integer graphCode, String message, Instant now) {
    status = CallStatus.REFUSED;
    outcome = CallOutcome.FAILED;
    failureReason = code;
    errorCode = graphCode;
    errorMessage = message;
    endedAt = now;
    note(now, "refused", code + ": " + message);
  }

  /** accept failed: the error is the call's, the agent who tried is named. */
  void acceptFailed(String agent, Integer graphCode, String message) {
    agentId = agent;
    errorCode = graphCode;
    errorMessage = message;
  }

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

  public void setCallbackRequestAllowed(boolean allowed) {
    callbackRequestAllowed = allowed;
  }

  /** The call is over. Meta's duration and end time win over ours; without them an answered call's length is estimated. */
  public void end(CallOutcome how, Instant now) {
    outcome = how;
    status = CallStatus.ENDED;
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

  /** Until {@code endsAt} the API accepts the call's disposition (it keeps it, not the run). */
  public void openWrapUp(Instant endsAt, Instant now) {
    wrapUpEndsAt = endsAt;
    note(now, "wrap-up", "disposition open until " + endsAt);
  }

  /** Adds a timeline line, in time order (webhooks carry Meta's times and may arrive late). */
  public void note(Instant at, String event, String detail) {
    version++;
    addTimeline(timeline, new TimelineEntry(at, event, detail));
  }

  private static void addTimeline(List<TimelineEntry> lines, TimelineEntry entry) {
    int i = lines.size();
    while (i > 0 && lines.get(i - 1).at().isAfter(entry.at())) {
      i--;
    }
    lines.add(i, entry);
    if (lines.size() > TIMELINE_LIMIT) {
      lines.remove(0);
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

  public Instant acceptedAt() {
    return acceptedAt;
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

  /** Meta's terminate reports an error. */
  public boolean terminateReportsError() {
    return terminate != null && terminate.reportsError();
  }

  /** Meta says the customer answered: ACCEPTED, or a terminate with a duration. */
  public boolean answeredPerMeta() {
    return acceptedAt != null || (terminate != null && terminate.answered());
  }

  public String failureReason() {
    return failureReason;
  }

  public boolean hangUpRequested() {
    return hangUpBy != null;
  }

  public boolean hangUpHandled() {
    return hangUpHandled;
  }

  public boolean callbackRequestAllowed() {
    return callbackRequestAllowed;
  }

  public Instant wrapUpEndsAt() {
    return wrapUpEndsAt;
  }

  /** The call as the API shows it; {@code ringing} and {@code attempts} come from the inbound turns. */
  public CallView view(Instant now, Ringing ringing, List<RingAttempt> attempts) {
    return new CallView(id, wacid, direction, phoneNumberId, customer, agentId, status, outcome, startedAt,
        answeredAt, endedAt, durationSeconds, durationEstimated, null, ringing, List.copyOf(attempts), sdpOffer,
        sdpAnswer, callbackRequestAllowed, errorCode, errorMessage, failureReason, hangUpBy, wrapUpEndsAt,
        List.copyOf(timeline), version, now);
  }

  /**
   * The call as it will be once {@code agent} is connected at {@code now}: what an activity saves
   * after Meta agreed, one version ahead of this one. Changes nothing here.
   */
  CallView connectedPreview(String agent, Instant now, String detail, List<RingAttempt> attempts) {
    List<TimelineEntry> lines = new ArrayList<>(timeline);
    addTimeline(lines, new TimelineEntry(now, "connected", detail));
    return new CallView(id, wacid, direction, phoneNumberId, customer, agent, CallStatus.CONNECTED, outcome,
        startedAt, now, endedAt, durationSeconds, durationEstimated, null, null, List.copyOf(attempts), sdpOffer,
        sdpAnswer, callbackRequestAllowed, errorCode, errorMessage, failureReason, hangUpBy, wrapUpEndsAt,
        List.copyOf(lines), version + 1, now);
  }
}
