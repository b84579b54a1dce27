package io.wacall.contract.call.signal;

import java.time.Instant;

/**
 * Signal {@code callEvent} of both call workflows: one {@code calls} webhook object, as the webhook
 * adapter reads it (docs/meta-cloud-api.md#call-events, #call-statuses). The workflow dedupes by
 * (kind, status), ignores a status older than one already applied, and accepts any order of
 * arrival, a terminate before its connect included.
 *
 * @param wacid Meta's call id; for an outbound call whose connect answer was lost, the first
 *     webhook routed by {@code biz_opaque_callback_data} is how the workflow learns it
 * @param timestamp Meta's {@code timestamp}
 * @param status STATUS: {@code RINGING}, {@code ACCEPTED} or {@code REJECTED}; TERMINATE:
 *     {@code COMPLETED} or {@code FAILED} (compared case-insensitively); null for CONNECT
 * @param sdp CONNECT's {@code session.sdp}: the caller's offer (inbound) or Meta's answer to the
 *     agent's offer (outbound)
 * @param durationSeconds TERMINATE's {@code duration}, present only when the call was answered
 * @param startTime TERMINATE's {@code start_time}, present only when the call was answered
 * @param errorCode the first {@code errors[].code} of a failed terminate, else null
 * @param from the caller's number (inbound: the customer; outbound: the business)
 * @param to the callee's number
 * @param direction {@code USER_INITIATED} or {@code BUSINESS_INITIATED}, as Meta sent it
 */
public record CallWebhookEvent(
    String wacid,
    Kind kind,
    Instant timestamp,
    String status,
    String sdp,
    Integer durationSeconds,
    Instant startTime,
    Instant endTime,
    Integer errorCode,
    String errorMessage,
    String from,
    String to,
    String direction) {

  /** Which {@code calls} webhook: {@code calls[].event} connect or terminate, or a {@code statuses[]} entry. */
  public enum Kind {
    CONNECT,
    TERMINATE,
    STATUS
  }

  /** A connect webhook. */
  public static CallWebhookEvent connect(String wacid, Instant timestamp, String sdp, String from, String to,
      String direction) {
    return new CallWebhookEvent(wacid, Kind.CONNECT, timestamp, null, sdp, null, null, null, null, null, from, to,
        direction);
  }

  /** A status webhook (RINGING, ACCEPTED, REJECTED). */
  public static CallWebhookEvent status(String wacid, Instant timestamp, String status) {
    return new CallWebhookEvent(wacid, Kind.STATUS, timestamp, status, null, null, null, null, null, null, null, null,
        null);
  }

  /** A terminate webhook; the duration and times are null when the call was never answered. */
  public static CallWebhookEvent terminate(String wacid, Instant timestamp, String status, Integer durationSeconds,
      Instant startTime, Instant endTime, Integer errorCode, String errorMessage, String from, String to,
      String direction) {
    return new CallWebhookEvent(wacid, Kind.TERMINATE, timestamp, status, null, durationSeconds, startTime, endTime,
        errorCode, errorMessage, from, to, direction);
  }

  /** Whether this terminate says the call was answered (Meta gives a duration or start time only then). */
  public boolean answered() {
    return (durationSeconds != null && durationSeconds > 0) || startTime != null;
  }

  /**
   * Whether this terminate reports an error ({@code errors[]} with a code). A bare {@code FAILED}
   * status is not enough: which status Meta gives a call that simply rang out or was hung up is not
   * documented, and the FAILED outcome promises Meta's error code.
   */
  public boolean reportsError() {
    return errorCode != null;
  }
}
