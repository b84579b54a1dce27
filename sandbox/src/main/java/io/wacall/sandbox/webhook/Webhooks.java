package io.wacall.sandbox.webhook;

import static io.wacall.sandbox.SandboxTime.unixSeconds;

import io.wacall.sandbox.SandboxProperties;
import io.wacall.sandbox.webhook.WebhookPayload.CallEvent;
import io.wacall.sandbox.webhook.WebhookPayload.CallPermissionReply;
import io.wacall.sandbox.webhook.WebhookPayload.Change;
import io.wacall.sandbox.webhook.WebhookPayload.Contact;
import io.wacall.sandbox.webhook.WebhookPayload.Context;
import io.wacall.sandbox.webhook.WebhookPayload.Entry;
import io.wacall.sandbox.webhook.WebhookPayload.Envelope;
import io.wacall.sandbox.webhook.WebhookPayload.InboundMessage;
import io.wacall.sandbox.webhook.WebhookPayload.Interactive;
import io.wacall.sandbox.webhook.WebhookPayload.Metadata;
import io.wacall.sandbox.webhook.WebhookPayload.Profile;
import io.wacall.sandbox.webhook.WebhookPayload.Session;
import io.wacall.sandbox.webhook.WebhookPayload.Status;
import io.wacall.sandbox.webhook.WebhookPayload.Value;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;

/** Builds the webhooks Meta sends, one event each, in the envelope of docs/meta-cloud-api.md#envelope. */
@Component
public class Webhooks {
  static final String FIELD_MESSAGES = "messages";
  static final String FIELD_CALLS = "calls";
  private static final String MESSAGING_PRODUCT = "whatsapp";

  private final SandboxProperties properties;

  public Webhooks(SandboxProperties properties) {
    this.properties = properties;
  }

  /** Message status {@code sent}, {@code delivered} or {@code read} of a message we sent. */
  public Webhook messageStatus(
      String phoneNumberId,
      String messageId,
      String status,
      String waId,
      Instant at,
      String callbackData) {
    Status value = new Status(messageId, null, status, unixSeconds(at), waId, callbackData);
    return new Webhook(
        FIELD_MESSAGES,
        "message status " + status,
        waId,
        messageId,
        envelope(FIELD_MESSAGES, value(phoneNumberId, null, null, List.of(value), null)));
  }

  /**
   * The customer's call_permission_reply (docs/meta-cloud-api.md#permission-replies).
   *
   * @param requestId the permission request answered, or null (automatic revoke, business profile)
   * @param isPermanent null where the table of docs/meta-cloud-api.md#permission-replies has none (rejects)
   * @param expiresAt only for a temporary accept
   */
  public Webhook permissionReply(
      String phoneNumberId,
      String waId,
      String profileName,
      String replyId,
      String requestId,
      String response,
      Boolean isPermanent,
      Instant expiresAt,
      String responseSource,
      Instant at) {
    InboundMessage message =
        new InboundMessage(
            waId,
            replyId,
            unixSeconds(at),
            requestId == null
                ? null
                : new Context(properties.displayPhoneNumber(phoneNumberId), requestId),
            "interactive",
            new Interactive(
                "call_permission_reply",
                new CallPermissionReply(
                    response,
                    isPermanent,
                    expiresAt == null ? null : unixSeconds(expiresAt),
                    responseSource)),
            null);
    return new Webhook(
        FIELD_MESSAGES,
        "call_permission_reply "
            + response
            + (Boolean.TRUE.equals(isPermanent) ? " permanent" : "")
            + " ("
            + responseSource
            + ")",
        waId,
        replyId,
        envelope(
            FIELD_MESSAGES,
            value(phoneNumberId, contact(waId, profileName), List.of(message), null, null)));
  }

  /** Progress of a business-initiated call: RINGING, ACCEPTED or REJECTED (docs/meta-cloud-api.md#call-statuses). */
  public Webhook callStatus(CallLeg leg, String status, Instant at) {
    Status value =
        new Status(
            leg.callId(), "call", status, unixSeconds(at), leg.waId(), leg.bizOpaqueCallbackData());
    return new Webhook(
        FIELD_CALLS,
        "call status " + status,
        leg.waId(),
        leg.callId(),
        envelope(FIELD_CALLS, value(leg.phoneNumberId(), null, null, List.of(value), null)));
  }

  /**
   * A connect: the user's offer on a user-initiated call, WhatsApp's answer to our offer on a
   * business-initiated one (docs/meta-cloud-api.md#envelope).
   */
  public Webhook callConnect(CallLeg leg, String sdpType, String sdp, Instant at) {
    CallEvent event =
        new CallEvent(
            leg.callId(),
            to(leg),
            from(leg),
            "connect",
            unixSeconds(at),
            leg.direction().name(),
            new Session(sdpType, sdp),
            leg.bizOpaqueCallbackData(),
            null,
            null,
            null,
            null);
    return callEvent(leg, "call connect " + leg.direction(), event);
  }

  /**
   * A terminate (docs/meta-cloud-api.md#call-events): {@code start_time}, {@code end_time} and {@code duration} only when
   * the call was answered ({@code connectedAt} not null).
   */
  public Webhook callTerminate(CallLeg leg, Instant connectedAt, Instant endedAt) {
    boolean answered = connectedAt != null;
    String status = answered ? "COMPLETED" : "FAILED";
    // Duration is the difference of the two reported seconds, so the three always agree.
    Long duration = answered ? endedAt.getEpochSecond() - connectedAt.getEpochSecond() : null;
    CallEvent event =
        new CallEvent(
            leg.callId(),
            to(leg),
            from(leg),
            "terminate",
            unixSeconds(endedAt),
            leg.direction().name(),
            null,
            leg.bizOpaqueCallbackData(),
            status,
            answered ? unixSeconds(connectedAt) : null,
            answered ? unixSeconds(endedAt) : null,
            duration);
    return callEvent(
        leg, "call terminate " + status + (answered ? " after " + duration + " s" : ""), event);
  }

  /**
   * {@code call_recording_available} or {@code call_transcription_available}: Meta made the media of
   * a call that had it enabled (docs/meta-cloud-api.md#call-recording).
   */
  public Webhook callMediaAvailable(CallLeg leg, boolean recording, WebhookPayload.Media media, Instant at) {
    String event = recording ? "call_recording_available" : "call_transcription_available";
    CallEvent call = new CallEvent(leg.callId(), to(leg), from(leg), event, unixSeconds(at),
        leg.direction().name(), null, null, null, null, null, null,
        recording ? new WebhookPayload.CallRecording(media) : null,
        recording ? null : new WebhookPayload.CallTranscript(media));
    return callEvent(leg, event + " (media " + media.id() + ")", call);
  }

  /**
   * A voicemail the caller left after a missed call: an {@code audio} message whose id is the call's
   * wacid (docs/meta-cloud-api.md#voicemail).
   */
  public Webhook voicemail(CallLeg leg, WebhookPayload.Media audio, Instant at) {
    InboundMessage message = new InboundMessage(leg.waId(), leg.callId(), unixSeconds(at), null, "audio", null,
        new WebhookPayload.Media(audio.id(), audio.sha256(), audio.mimeType(), null));
    return new Webhook(FIELD_MESSAGES, "voicemail of call " + leg.callId() + " (media " + audio.id() + ")",
        leg.waId(), leg.callId(),
        envelope(FIELD_MESSAGES, value(leg.phoneNumberId(), contact(leg.waId(), leg.profileName()), List.of(message),
            null, null)));
  }

  private Webhook callEvent(CallLeg leg, String summary, CallEvent event) {
    return new Webhook(
        FIELD_CALLS,
        summary,
        leg.waId(),
        leg.callId(),
        envelope(
            FIELD_CALLS,
            value(
                leg.phoneNumberId(),
                contact(leg.waId(), leg.profileName()),
                null,
                null,
                List.of(event))));
  }

  /** The user is {@code from} on a user-initiated call and {@code to} on ours (docs/meta-cloud-api.md#call-events). */
  private String from(CallLeg leg) {
    return leg.direction() == CallDirection.USER_INITIATED
        ? leg.waId()
        : properties.displayPhoneNumber(leg.phoneNumberId());
  }

  private String to(CallLeg leg) {
    return leg.direction() == CallDirection.USER_INITIATED
        ? properties.displayPhoneNumber(leg.phoneNumberId())
        : leg.waId();
  }

  private static List<Contact> contact(String waId, String profileName) {
    return List.of(new Contact(new Profile(profileName), waId));
  }

  private Value value(
      String phoneNumberId,
      List<Contact> contacts,
      List<InboundMessage> messages,
      List<Status> statuses,
      List<CallEvent> calls) {
    return new Value(
        MESSAGING_PRODUCT,
        new Metadata(properties.displayPhoneNumber(phoneNumberId), phoneNumberId),
        contacts,
        messages,
        statuses,
        calls);
  }

  private Envelope envelope(String field, Value value) {
    return new Envelope(
        "whatsapp_business_account",
        List.of(new Entry(properties.wabaId(), List.of(new Change(value, field)))));
  }
}
