package io.wacall.workflows.permission;

import io.wacall.contract.permission.command.PermissionLimits;
import io.wacall.contract.permission.signal.CallEvent;
import io.wacall.contract.permission.signal.PermissionReply;
import io.wacall.contract.permission.signal.ReplyResponse;
import io.wacall.contract.permission.signal.ReplySource;
import io.wacall.contract.permission.signal.RequestDeliveryStatus;
import io.wacall.contract.permission.view.AuditEntry;
import io.wacall.contract.permission.view.PendingRequest;
import io.wacall.contract.permission.view.PermissionStatus;
import io.wacall.contract.permission.view.PermissionView;
import static io.wacall.contract.permission.view.PermissionStatus.DECLINED;
import static io.wacall.contract.permission.view.PermissionStatus.EXPIRED;
import static io.wacall.contract.permission.view.PermissionStatus.NONE;
import static io.wacall.contract.permission.view.PermissionStatus.PENDING;
import static io.wacall.contract.permission.view.PermissionStatus.PERMANENT;
import static io.wacall.contract.permission.view.PermissionStatus.REVOKED;
import static io.wacall.contract.permission.view.PermissionStatus.TEMPORARY;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The state of one CallPermission and every transition of it, as plain Java: no Temporal, no
 * clock (each method takes {@code now}). The workflow holds one of these, mutates it from its
 * handlers, and hands it to continue-as-new; it serialises as JSON through its fields.
 */
public final class PermissionData {
  /** The audit trail keeps the newest entries only, so the state stays small. */
  static final int AUDIT_LIMIT = 50;
  /** Dedupe keys remembered: far more than Meta redelivers within a run's lifetime. */
  static final int SEEN_KEYS_LIMIT = 200;
  /** The statuses a fresh run takes over from the read model: the ones that grant nothing and wait for nothing. */
  static final Set<PermissionStatus> SEEDED_STATUSES = EnumSet.of(DECLINED, EXPIRED, REVOKED);

  private PermissionStatus status = NONE;
  private Instant grantedAt;
  private Instant expiresAt;
  private PendingRequest pending;
  private List<Instant> requestLog = new ArrayList<>();
  private int consecutiveUnanswered;
  private Instant reminderShownAt;
  private Instant lastResetAt;
  private Instant lastReplyAt;
  private Instant lastChangeAt;
  private List<AuditEntry> audit = new ArrayList<>();
  private List<String> seenKeys = new ArrayList<>();
  private long version;
  /** The number's limits the pair is held to; null: standard (every run before the relaxed limits). */
  private PermissionLimits limits;

  public PermissionData() {}

  /** The limits the pair is held to (null: {@link PermissionLimits#STANDARD}). */
  public PermissionLimits limits() {
    return limits;
  }

  /**
   * Holds the pair to the number's limits from now on, as a request or a call names them; null
   * (not known to the sender) keeps those applied. Changes no version: it is not a transition.
   */
  public void applyLimits(PermissionLimits named) {
    if (named != null) {
      limits = named == PermissionLimits.STANDARD ? null : named;
    }
  }

  public PermissionStatus status() {
    return status;
  }

  public long version() {
    return version;
  }

  public PendingRequest pending() {
    return pending;
  }

  public List<Instant> requestLog() {
    return List.copyOf(requestLog);
  }

  public int consecutiveUnanswered() {
    return consecutiveUnanswered;
  }

  /**
   * The pair's last state change: a reply applied (at Meta's timestamp), a request sent, a grant
   * adopted from Meta, ended by WhatsApp's revoke or by its expiry, a request that lapsed or failed;
   * taken over from the previous run by {@link #seed}. Null when nothing is known.
   */
  public Instant lastChangeAt() {
    return lastChangeAt;
  }

  /** What {@link #applyReply} did with a reply. */
  public enum ReplyOutcome {
    APPLIED,
    /** Seen before (same wamid): nothing changed. */
    DUPLICATE,
    /** Older than what the pair has seen since: nothing changed but the audit trail. */
    STALE
  }

  /**
   * A fresh run starts from what the read model recorded of the pair's previous runs: the instant
   * of its last change, below which a reply is stale, and its status when that grants nothing and
   * waits for nothing ({@link #SEEDED_STATUSES}). A grant or a pending request the read model shows
   * with no run behind it is not taken over: a fresh run grants only on a reply or on Meta's word.
   */
  public void seed(PermissionStatus recordedStatus, Instant recordedLastChangeAt, Instant now) {
    changedAt(recordedLastChangeAt);
    PermissionStatus before = status;
    if (status == NONE && SEEDED_STATUSES.contains(recordedStatus)) {
      status = recordedStatus;
    }
    audit(now, "previous run carried over", before, status,
        "recorded " + recordedStatus + (recordedLastChangeAt == null ? "" : ", last change at " + recordedLastChangeAt));
  }

  public boolean grantActive(Instant now) {
    return PermissionRules.grantActive(status, expiresAt, now);
  }

  /** Why a request may not be sent now, or null when it may. */
  public Refusal refusalAt(Instant now) {
    return refusalAt(now, null);
  }

  /**
   * Why a request naming {@code named} limits (null: those applied) may not be sent now, or null.
   * Changes nothing: the update's validator asks it before the request is accepted.
   */
  public Refusal refusalAt(Instant now, PermissionLimits named) {
    if (grantActive(now)) {
      return new Refusal(Refusal.Reason.GRANT_ACTIVE, null);
    }
    PermissionLimits judged = named != null ? named : limits;
    List<Instant> log = PermissionRules.prune(requestLog, now);
    if (!PermissionRules.throttleAllows(log, now, judged)) {
      return new Refusal(Refusal.Reason.THROTTLED, PermissionRules.nextRequestAllowedAt(log, judged));
    }
    return null;
  }

  /** Reserves a request slot at {@code now}, before the message is sent, so a concurrent request sees it. */
  public void reserveRequest(Instant now) {
    requestLog.add(now);
    requestLog.sort(null);
    version++;
  }

  /**
   * Gives the slot back without a trace: nothing was attempted (Meta's own view stopped the request
   * before anything was sent; the refusal says why).
   */
  public void cancelReservation(Instant reservedAt) {
    requestLog.remove(reservedAt);
    version++;
  }

  /** Gives the slot back: the message was not sent. */
  public void releaseRequest(Instant reservedAt, String why, Instant now) {
    requestLog.remove(reservedAt);
    audit(now, "request not sent", status, status, why);
  }

  /** The request reserved at {@code sentAt} went out as message {@code messageId}. */
  public PendingRequest requestSent(String messageId, Instant sentAt, String requestedBy) {
    PermissionStatus before = status;
    PendingRequest request = new PendingRequest(messageId, sentAt, sentAt.plus(PermissionRules.REQUEST_LIFETIME),
        RequestDeliveryStatus.DeliveryStatus.SENT, pending != null ? pending.statusBefore() : before);
    pending = request;
    remember("request:" + messageId);
    changedAt(sentAt);
    if (!before.isGrant()) {
      status = PENDING;
    }
    audit(sentAt, "request sent", before, status, "message " + messageId + (requestedBy == null ? "" : " by " + requestedBy));
    return request;
  }

  /**
   * The request reserved at {@code sentAt} may have reached Meta, but its answer was lost (a
   * timeout, a connection reset after sending, a 5xx without a body): it is not sent again. It is
   * pending like a request sent, with no message id ({@link PendingRequest#messageId()} null: sent,
   * unconfirmed), and its slot stays counted, as Meta may have counted it. A reply to it, a status
   * naming it ({@link #applyDeliveryStatus}) or its lapse settles it.
   */
  public PendingRequest requestUnconfirmed(Instant sentAt, String requestedBy, String why) {
    PermissionStatus before = status;
    PendingRequest request = new PendingRequest(null, sentAt, sentAt.plus(PermissionRules.REQUEST_LIFETIME),
        RequestDeliveryStatus.DeliveryStatus.SENT, pending != null ? pending.statusBefore() : before);
    pending = request;
    changedAt(sentAt);
    if (!before.isGrant()) {
      status = PENDING;
    }
    audit(sentAt, "request sent, unconfirmed", before, status,
        why + "; not sent again" + (requestedBy == null ? "" : " (by " + requestedBy + ")"));
    return request;
  }

  /** Whether the pending request is one whose send was never confirmed (no message id yet). */
  public boolean pendingUnconfirmed() {
    return pending != null && pending.messageId() == null;
  }

  /** A note on the pair's audit trail that changes no state (e.g. what Meta said of an unconfirmed request). */
  public void note(Instant now, String event, String detail) {
    audit(now, event, status, status, detail);
  }

  /**
   * A declined request stays answerable until 7 days after the customer's answer (Meta's rule), not
   * after it was sent: the pending request's lapse moves to {@code answeredAt} + 7 days (never
   * earlier than it was). Called by the run after a decline it applied.
   */
  public void declinedRequestLapsesFrom(Instant answeredAt) {
    if (status != DECLINED || pending == null) {
      return;
    }
    Instant lapse = answeredAt.plus(PermissionRules.DECLINED_REQUEST_LIFETIME);
    if (lapse.isAfter(pending.expiresAt())) {
      pending = new PendingRequest(pending.messageId(), pending.sentAt(), lapse, pending.deliveryStatus(),
          pending.statusBefore());
      version++;
    }
  }

  /** Meta told us a permanent grant exists (138017 or its call_permissions answer). */
  public void adoptGrantFromMeta(boolean permanent, Instant metaExpiresAt, Instant now) {
    PermissionStatus before = status;
    status = permanent ? PERMANENT : TEMPORARY;
    expiresAt = permanent ? null : metaExpiresAt;
    grantedAt = grantedAt == null || !before.isGrant() ? now : grantedAt;
    pending = null;
    changedAt(now);
    audit(now, "grant reported by Cloud API", before, status, permanent ? "permanent" : "until " + metaExpiresAt);
  }

  /**
   * Signal permissionReply. A reply seen before (same wamid) changes nothing. A reply older than
   * the last reply applied is stale; with {@code staleBeforeLastChange}, so is a reply older than
   * the pair's last change ({@link #lastChangeAt()}, e.g. a newer request, WhatsApp's revoke, a
   * lapse): a stale reply changes nothing but the audit trail. A reply that is not stale is
   * applied even when it answers an earlier request than the pending one: Meta acted on it.
   */
  public ReplyOutcome applyReply(PermissionReply reply, Instant now, boolean staleBeforeLastChange) {
    if (!remember("reply:" + reply.messageId())) {
      return ReplyOutcome.DUPLICATE;
    }
    String stale = null;
    if (lastReplyAt != null && reply.timestamp().isBefore(lastReplyAt)) {
      stale = "is older than " + lastReplyAt;
    } else if (staleBeforeLastChange && PermissionRules.replyIsStale(reply.timestamp(), lastChangeAt)) {
      stale = "is older than the pair's last change at " + lastChangeAt;
    }
    if (stale != null) {
      audit(now, "stale reply ignored", status, status,
          "reply " + reply.messageId() + " of " + reply.timestamp() + " " + stale);
      return ReplyOutcome.STALE;
    }
    boolean earlierRequest = answersAnEarlierRequest(reply);
    confirmUnconfirmed(reply.contextId(), reply.timestamp(), now, "a reply names it");
    lastReplyAt = reply.timestamp();
    changedAt(reply.timestamp());
    PermissionStatus before = status;
    String detail;
    if (reply.response() == ReplyResponse.ACCEPT) {
      status = reply.permanent() ? PERMANENT : TEMPORARY;
      expiresAt = reply.permanent() ? null
          : reply.expiresAt() != null ? reply.expiresAt() : reply.timestamp().plus(PermissionRules.TEMPORARY_GRANT);
      grantedAt = reply.timestamp();
      pending = null;
      consecutiveUnanswered = 0;
      reminderShownAt = null;
      detail = reply.permanent() ? "permanent" : "until " + expiresAt;
    } else if (reply.source() == ReplySource.AUTOMATIC || grantActive(now)) {
      // WhatsApp's automatic revoke, or the customer withdrawing a grant in force.
      status = REVOKED;
      expiresAt = null;
      detail = reply.source() == ReplySource.AUTOMATIC ? "revoked by WhatsApp" : "revoked by the customer";
    } else {
      // A declined request stays answerable until it lapses, so pending is kept.
      status = DECLINED;
      expiresAt = null;
      detail = "declined";
    }
    audit(now, "reply " + reply.response().name().toLowerCase(), before, status,
        detail + " (" + reply.source().name().toLowerCase() + ", message " + reply.messageId()
            + (earlierRequest ? ", answering the earlier request " + reply.contextId() : "") + ")");
    return ReplyOutcome.APPLIED;
  }

  /** Whether the reply names one of our requests that is not the pending one (an older one). */
  private boolean answersAnEarlierRequest(PermissionReply reply) {
    return reply.contextId() != null && seenKeys.contains("request:" + reply.contextId())
        && (pending == null || !reply.contextId().equals(pending.messageId()));
  }

  /**
   * The pending request was sent unconfirmed and {@code messageId} (a reply's context, a status's
   * wamid) names a message of the pair's that is none of our earlier requests, no older than the
   * request: it is that request, which did reach Meta. Adopts the id; false when nothing changed.
   */
  private boolean confirmUnconfirmed(String messageId, Instant at, Instant now, String how) {
    if (!pendingUnconfirmed() || messageId == null || seenKeys.contains("request:" + messageId)
        || at == null || at.isBefore(pending.sentAt().truncatedTo(ChronoUnit.SECONDS))) {
      return false;
    }
    pending = new PendingRequest(messageId, pending.sentAt(), pending.expiresAt(), pending.deliveryStatus(),
        pending.statusBefore());
    remember("request:" + messageId);
    audit(now, "request confirmed", status, status, "message " + messageId + ": " + how);
    return true;
  }

  /** Signal callConnected: any connected call resets the request windows and the unanswered count. */
  public boolean applyCallConnected(CallEvent call, Instant now) {
    if (!remember("connected:" + call.callId())) {
      return false;
    }
    applyLimits(call.limits());
    requestLog.clear();
    consecutiveUnanswered = 0;
    reminderShownAt = null;
    lastResetAt = call.at();
    audit(now, "call connected", status, status, "call " + call.callId() + ": request windows reset");
    return true;
  }

  /** Signal callUnanswered: a business-initiated call that never connected. */
  public boolean applyCallUnanswered(CallEvent call, Instant now) {
    if (!remember("unanswered:" + call.callId())) {
      return false;
    }
    applyLimits(call.limits());
    consecutiveUnanswered++;
    PermissionStatus before = status;
    String detail = "call " + call.callId() + ": " + consecutiveUnanswered + " unanswered in a row";
    if (consecutiveUnanswered == PermissionRules.reminderAfterUnanswered(limits)) {
      reminderShownAt = call.at();
      detail += "; WhatsApp shows the customer a reminder";
    }
    if (consecutiveUnanswered >= PermissionRules.revokeAfterUnanswered(limits) && grantActive(now)) {
      status = REVOKED;
      expiresAt = null;
      changedAt(call.at());
      detail += "; WhatsApp revokes the permission";
    }
    audit(now, "call unanswered", before, status, detail);
    return true;
  }

  /** Signal requestStatus: delivery progress of the pending request. */
  public boolean applyDeliveryStatus(RequestDeliveryStatus update, Instant now) {
    confirmUnconfirmed(update.messageId(), update.timestamp(), now, "a status names it");
    if (pending == null || !update.messageId().equals(pending.messageId())) {
      return false;
    }
    if (update.status().ordinal() <= pending.deliveryStatus().ordinal()) {
      return false; // duplicate or out of order: delivery only moves forward
    }
    pending = pending.withDelivery(update.status());
    PermissionStatus before = status;
    if (update.status() == RequestDeliveryStatus.DeliveryStatus.FAILED) {
      // The customer never saw it. The slot stays counted: Meta's own counter is not documented
      // to give it back, and over-counting only delays the next request.
      if (status == PENDING) {
        status = pending.statusBefore();
      }
      pending = null;
      changedAt(update.timestamp());
    }
    audit(now, "request " + update.status().name().toLowerCase(), before, status,
        "message " + update.messageId() + (update.error() == null ? "" : ": " + update.error()));
    return true;
  }

  /** Applies the timers that are due at {@code now}: grants and requests that lapsed. */
  public boolean expireDue(Instant now) {
    boolean changed = false;
    if (status == TEMPORARY && expiresAt != null && !now.isBefore(expiresAt)) {
      audit(now, "grant expired", status, EXPIRED, "temporary grant ended at " + expiresAt);
      status = EXPIRED;
      changedAt(expiresAt);
      changed = true;
    }
    if (pending != null && !now.isBefore(pending.expiresAt())) {
      PermissionStatus before = status;
      if (status == PENDING) {
        status = EXPIRED;
      }
      audit(now, "request lapsed", before, status, (pending.messageId() == null ? "unconfirmed request of " + pending.sentAt() : "message " + pending.messageId())
          + " unanswered for 7 days");
      changedAt(pending.expiresAt());
      pending = null;
      changed = true;
    }
    List<Instant> pruned = PermissionRules.prune(requestLog, now);
    if (pruned.size() != requestLog.size()) {
      requestLog = new ArrayList<>(pruned);
      version++;
      changed = true;
    }
    return changed;
  }

  /** The next instant at which {@link #expireDue} would change something, or null if none. */
  public Instant nextDeadline() {
    Instant next = null;
    if (status == TEMPORARY && expiresAt != null) {
      next = expiresAt;
    }
    if (pending != null) {
      next = earlier(next, pending.expiresAt());
    }
    if (!requestLog.isEmpty()) {
      next = earlier(next, requestLog.get(0).plus(PermissionRules.LONG_WINDOW));
    }
    return next;
  }

  /** True once no grant, no pending request and no request inside the 7-day window is left. */
  public boolean nothingLeftToRemember(Instant now) {
    return !grantActive(now) && pending == null && PermissionRules.prune(requestLog, now).isEmpty();
  }

  public PermissionView view(String phoneNumberId, String waId, Instant now) {
    List<Instant> log = PermissionRules.prune(requestLog, now);
    return new PermissionView(phoneNumberId, waId, status, status == PERMANENT, grantedAt, expiresAt, pending,
        log, PermissionRules.nextRequestAllowedAt(log, limits), consecutiveUnanswered, reminderShownAt, lastResetAt,
        lastChangeAt, List.copyOf(audit), version, now, limits);
  }

  private void changedAt(Instant at) {
    if (at != null && (lastChangeAt == null || at.isAfter(lastChangeAt))) {
      lastChangeAt = at;
    }
  }

  private boolean remember(String key) {
    if (seenKeys.contains(key)) {
      return false;
    }
    seenKeys.add(key);
    if (seenKeys.size() > SEEN_KEYS_LIMIT) {
      seenKeys.remove(0);
    }
    return true;
  }

  private void audit(Instant at, String event, PermissionStatus from, PermissionStatus to, String detail) {
    version++;
    audit.add(new AuditEntry(at, event, from, to, detail));
    if (audit.size() > AUDIT_LIMIT) {
      audit.remove(0);
    }
  }

  private static Instant earlier(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isBefore(b) ? a : b;
  }

  /** Why a request is refused. */
  public record Refusal(Reason reason, Instant nextAllowedAt) {
    public enum Reason {
      GRANT_ACTIVE,
      THROTTLED
    }
  }
}
