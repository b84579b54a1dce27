package io.wacall.sandbox.customer;

/** How a sandbox customer answers a call permission request (docs/meta-cloud-api.md#permission-replies). */
public enum PermissionReply {
  /** accept, is_permanent false, expiration_timestamp 7 days on. */
  ACCEPT_TEMPORARY,
  /** accept, is_permanent true ("always allow"). */
  ACCEPT_PERMANENT,
  /** reject. */
  REJECT,
  /** Reads the request and never answers. */
  IGNORE
}
