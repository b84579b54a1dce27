package io.wacall.workflows.permission;

import static io.wacall.workflows.permission.PermissionStatus.DECLINED;
import static io.wacall.workflows.permission.PermissionStatus.EXPIRED;
import static io.wacall.workflows.permission.PermissionStatus.NONE;
import static io.wacall.workflows.permission.PermissionStatus.PENDING;
import static io.wacall.workflows.permission.PermissionStatus.PERMANENT;
import static io.wacall.workflows.permission.PermissionStatus.REVOKED;
import static io.wacall.workflows.permission.PermissionStatus.TEMPORARY;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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

  private PermissionStatus status = NONE;
  private Instant grantedAt;
  private Instant expiresAt;
  private PendingRequest pending;
  private List<Instant> requestLog = new ArrayList<>();
  private int consecutiveUnanswered;
  private Instant reminderShownAt;
  private Instant lastResetAt;
  private Instant lastReplyAt;
  private List<AuditEntry> audit = new ArrayList<>();
  private List<String> seenKeys = new ArrayList<>();
  private long version;

  public PermissionData() {}

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

  public boolean grantActive(Instant now) {
    return PermissionRules.grantActive(status, expiresAt, now);
  }

  /** Why a request may not be sent now, or null when it may. */
  public Refusal refusalAt(Instant now) {
    if (grantActive(now)) {
      return new Refusal(Refusal.Reason.GRANT_ACTIVE, null);
    }
    List<Instant> log = PermissionRules.prune(requestLog, now);
    if (!PermissionRules.throttleAllows(log, now)) {
      return new Refusal(Refusal.Reason.THROTTLED, PermissionRules.nextRequestAllowedAt(log));
    }
    return null;
  }

  /** Reserves a request slot at {@code now}, before the message is sent, so a concurrent request sees it. */
  public void reserveRequest(Instant now) {
    requestLog.add(now);
    requestLog.sort(null);
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
    if (!before.isGrant()) {
      status = PENDING;
    }
    audit(sentAt, "request sent", before, status, "message " + messageId + (requestedBy == null ? "" : " by " + requestedBy));
    return request;
  }

  /** Meta told us a permanent grant exists (138017 or its call_permissions answer). */
  public void adoptGrantFromMeta(boolean permanent, Instant metaExpiresAt, Instant now) {
    PermissionStatus before = status;
    status = permanent ? PERMANENT : TEMPORARY;
    expiresAt = permanent ? null : metaExpiresAt;
    grantedAt = grantedAt == null || !before.isGrant() ? now : grantedAt;
    pending = null;
    audit(now, "grant reported by Cloud API", before, status, permanent ? "permanent" : "until " + metaExpiresAt);
  }

  /** Signal permissionReply. Returns false when it was a duplicate or stale and changed nothing. */
  public boolean applyReply(PermissionReply reply, Instant now) {
    if (!remember("reply:" + reply.messageId())) {
      return false;
    }
    if (lastReplyAt != null && reply.timestamp().isBefore(lastReplyAt)) {
      audit(now, "stale reply ignored", status, status,
          "reply " + reply.messageId() + " of " + reply.timestamp() + " is older than " + lastReplyAt);
      return true;
    }
    lastReplyAt = reply.timestamp();
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
        detail + " (" + reply.source().name().toLowerCase() + ", message " + reply.messageId() + ")");
    return true;
  }

  /** Signal callConnected: any connected call resets the request windows and the unanswered count. */
  public boolean applyCallConnected(CallEvent call, Instant now) {
    if (!remember("connected:" + call.callId())) {
      return false;
    }
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
    consecutiveUnanswered++;
    PermissionStatus before = status;
    String detail = "call " + call.callId() + ": " + consecutiveUnanswered + " unanswered in a row";
    if (consecutiveUnanswered == PermissionRules.REMINDER_AFTER_UNANSWERED) {
      reminderShownAt = call.at();
      detail += "; WhatsApp shows the customer a reminder";
    }
    if (consecutiveUnanswered >= PermissionRules.REVOKE_AFTER_UNANSWERED && grantActive(now)) {
      status = REVOKED;
      expiresAt = null;
      detail += "; WhatsApp revokes the permission";
    }
    audit(now, "call unanswered", before, status, detail);
    return true;
  }

  /** Signal requestStatus: delivery progress of the pending request. */
  public boolean applyDeliveryStatus(RequestDeliveryStatus update, Instant now) {
    if (pending == null || !pending.messageId().equals(update.messageId())) {
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
      changed = true;
    }
    if (pending != null && !now.isBefore(pending.expiresAt())) {
      PermissionStatus before = status;
      if (status == PENDING) {
        status = EXPIRED;
      }
      audit(now, "request lapsed", before, status, "message " + pending.messageId() + " unanswered for 7 days");
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
        log, PermissionRules.nextRequestAllowedAt(log), consecutiveUnanswered, reminderShownAt, lastResetAt,
        List.copyOf(audit), version, now);
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
