package io.wacall.contract.permission.signal;

/** {@code interactive.call_permission_reply.response_source}. */
public enum ReplySource {
  USER_ACTION,
  AUTOMATIC
}
