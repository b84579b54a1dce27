package io.wacall.contract.permission.view;

/** Where a business number stands with one customer. */
public enum PermissionStatus {
  /** Never asked, or everything about earlier requests has lapsed. */
  NONE,
  /** A request was sent and the customer has not answered yet. */
  PENDING,
  /** Granted for a limited time (7 days unless Meta says otherwise). */
  TEMPORARY,
  /** Granted until the customer revokes it. */
  PERMANENT,
  /** The customer declined the request; they may still accept it until it lapses. */
  DECLINED,
  /** A temporary grant ran out, or a request lapsed unanswered. */
  EXPIRED,
  /** The customer (or WhatsApp, after 4 unanswered calls) withdrew the grant. */
  REVOKED;

  /** True for the two statuses under which the business may call (subject to expiry). */
  public boolean isGrant() {
    return this == TEMPORARY || this == PERMANENT;
  }

  /** Whether this status lets the business call at {@code now}: a permanent grant always, a temporary one until it expires. */
  public boolean grantsAt(java.time.Instant expiresAt, java.time.Instant now) {
    return this == PERMANENT || (this == TEMPORARY && expiresAt != null && now.isBefore(expiresAt));
  }
}
