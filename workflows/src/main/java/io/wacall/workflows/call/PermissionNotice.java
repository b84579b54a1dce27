package io.wacall.workflows.call;

import java.time.Instant;

/**
 * Argument of {@code NotifyPermission}: what CallPermission ({@code permission:{phoneNumberId}:{waId}})
 * must learn about this call. The implementation signals-with-start {@code callConnected} or
 * {@code callUnanswered} with {@code CallEvent(wacid, at)}: an activity, because a workflow cannot
 * reliably signal another that may have completed.
 *
 * @param wacid the dedupe key CallPermission uses
 */
public record PermissionNotice(String phoneNumberId, String waId, Kind kind, String wacid, String callId, Instant at) {

  public enum Kind {
    /** Any connected call, either direction: resets the request windows and the unanswered count. */
    CONNECTED,
    /** A business-initiated call that was rejected or not answered: 4 in a row revoke the permission. */
    UNANSWERED
  }
}
