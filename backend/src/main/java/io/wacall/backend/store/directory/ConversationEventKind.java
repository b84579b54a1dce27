package io.wacall.backend.store.directory;

/**
 * What happened in a customer's conversation with a business number, as the calls workflows log
 * it. The log keeps one row per call and kind, so an activity retry writes once.
 */
public enum ConversationEventKind {
  /** A user-initiated call nobody answered. */
  MISSED_CALL,
  /** A user-initiated call every ring-group member declined. */
  CALL_DECLINED,
  /** The customer hung up while the ring group was ringing. */
  CALL_ABANDONED,
  /** A connected call, either direction, that has ended. */
  CALL_COMPLETED,
  /** The customer rejected a business-initiated call. */
  CALL_REJECTED,
  /** A business-initiated call that rang out. */
  CALL_NOT_ANSWERED,
  /** A business-initiated call the agent hung up while it rang. */
  CALL_CANCELED,
  /** A call that failed at Meta; the detail carries Meta's error code and message. */
  CALL_FAILED,
  /** After a missed call, the number's settings let the customer request a callback. */
  CALLBACK_REQUEST_ALLOWED,
  /** Meta's recording of a call is kept by wacall (docs/meta-cloud-api.md#call-recording). */
  CALL_RECORDING_STORED,
  /** Meta's transcript of a call is kept by wacall. */
  CALL_TRANSCRIPT_STORED,
  /** The caller left a voicemail after a missed call; wacall keeps its audio (docs/meta-cloud-api.md#voicemail). */
  VOICEMAIL
}
