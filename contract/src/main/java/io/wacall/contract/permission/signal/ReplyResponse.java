package io.wacall.contract.permission.signal;

/** {@code interactive.call_permission_reply.response}. */
public enum ReplyResponse {
  ACCEPT,
  REJECT
}
