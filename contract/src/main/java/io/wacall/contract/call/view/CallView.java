package io.wacall.contract.call.view;

import java.time.Instant;
import java.util.List;

/**
 * The whole state of one call, as the {@code state} query returns it, as {@code recordCall} stores
 * it in the read model, and as the workflow's result. Field names are the API's.
 *
 * @param id the workflow ID ({@code inbound-call:{wacid}} or {@code outbound-call:{requestId}}): the call's id in the API
 * @param wacid Meta's call id; null for an outbound call Meta never confirmed
 * @param customer the customer's WhatsApp number (waId)
 * @param agentId inbound: the member who answered; outbound: the calling agent
 * @param startedAt inbound: Meta's connect timestamp (else when the run started); outbound: when the run started
 * @param durationSeconds Meta's {@code duration}; when its terminate never came, our estimate (see durationEstimated)
 * @param ringing inbound: the member being rung now, else null
 * @param ringAttempts inbound: every member's finished turn, in order
 * @param sdpOffer inbound: the caller's SDP offer (from the connect webhook), for the agent's client; null once the call ended
 * @param sdpAnswer outbound: Meta's SDP answer to the agent's offer (from the connect webhook), for the agent's client;
 *     null once the call ended
 * @param callbackRequestAllowed inbound: the call was missed and the business allows callback requests
 * @param errorCode Meta's error code, when it gave one
 * @param failureReason our code for a refusal or failure ({@code PERMISSION_REQUIRED}, {@code CALLING_NOT_AVAILABLE},
 *     {@code DESTINATION_NOT_CALLABLE}, {@code RATE_LIMITED}, {@code CALL_FAILED}...), else null
 * @param hangUpBy the agent who hung up, if one did
 * @param wrapUpEndsAt when the wrap-up window closes, once the call has ended
 * @param timeline every event with its time, the newest 100 kept
 * @param version change counter; the read model ignores a snapshot older than the one it has
 */
public record CallView(
    String id,
    String wacid,
    CallDirection direction,
    String phoneNumberId,
    String customer,
    String agentId,
    CallStatus status,
    CallOutcome outcome,
    Instant startedAt,
    Instant answeredAt,
    Instant endedAt,
    Integer durationSeconds,
    boolean durationEstimated,
    Disposition disposition,
    Ringing ringing,
    List<RingAttempt> ringAttempts,
    String sdpOffer,
    String sdpAnswer,
    boolean callbackRequestAllowed,
    Integer errorCode,
    String errorMessage,
    String failureReason,
    String hangUpBy,
    Instant wrapUpEndsAt,
    List<TimelineEntry> timeline,
    long version,
    Instant asOf) {}
