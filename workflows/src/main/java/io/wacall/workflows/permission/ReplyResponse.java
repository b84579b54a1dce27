package io.wacall.workflows.permission;

/** {@code interactive.call_permission_reply.response}. */
public enum ReplyResponse {
  ACCEPT,
  REJECT
}
