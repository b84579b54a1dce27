package io.wacall.workflows.permission;

/** {@code interactive.call_permission_reply.response_source}. */
public enum ReplySource {
  USER_ACTION,
  AUTOMATIC
}
