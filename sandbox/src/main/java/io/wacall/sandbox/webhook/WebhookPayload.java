package io.wacall.sandbox.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * The JSON Meta POSTs to a webhook, field for field as docs/meta-cloud-api.md#webhooks gives
 * it. Absent fields are left out rather than sent as null, as Meta does (a terminate of an
 * unanswered call has no {@code duration} key at all). Names are explicit snake_case so the
 * application's ObjectMapper settings cannot change the wire form.
 */
public final class WebhookPayload {
  private WebhookPayload() {}

  /** {@code {"object":"whatsapp_business_account","entry":[...]}}. */
  public record Envelope(String object, List<Entry> entry) {}

  /** One WhatsApp Business Account; {@code id} is the WABA id. */
  public record Entry(String id, List<Change> changes) {}

  /**
   * {@code field} is {@code messages} or {@code calls} (a {@link Value}), or
   * {@code account_settings_update} / {@code account_update}, whose values have shapes of their own
   * (JSON built by the settings book); Meta writes {@code value} first.
   */
  public record Change(Object value, String field) {}

  @JsonNaming(SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Value(
      String messagingProduct,
      Metadata metadata,
      List<Contact> contacts,
      List<InboundMessage> messages,
      List<Status> statuses,
      List<CallEvent> calls) {}

  @JsonNaming(SnakeCaseStrategy.class)
  public record Metadata(String displayPhoneNumber, String phoneNumberId) {}

  @JsonNaming(SnakeCaseStrategy.class)
  public record Contact(Profile profile, String waId) {}

  public record Profile(String name) {}

  /**
   * A message status ({@code sent}, {@code delivered}, {@code read}; field {@code messages}) or a
   * call status ({@code RINGING}, {@code ACCEPTED}, {@code REJECTED}, {@code type:"call"}; field
   * {@code calls}, docs/meta-cloud-api.md#call-statuses).
   */
  @JsonNaming(SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Status(
      String id,
      String type,
      String status,
      String timestamp,
      String recipientId,
      String bizOpaqueCallbackData) {}

  /** A message from the customer; here always an interactive call_permission_reply. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record InboundMessage(
      String from,
      String id,
      String timestamp,
      Context context,
      String type,
      Interactive interactive,
      Media audio) {}

  /** The message being answered: {@code from} is the business's display number. */
  public record Context(String from, String id) {}

  @JsonNaming(SnakeCaseStrategy.class)
  public record Interactive(String type, CallPermissionReply callPermissionReply) {}

  /** docs/meta-cloud-api.md#permission-replies: is_permanent and expiration_timestamp only where that table says so. */
  @JsonNaming(SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record CallPermissionReply(
      String response, Boolean isPermanent, String expirationTimestamp, String responseSource) {}

  /** A {@code calls[]} object, docs/meta-cloud-api.md#call-events: connect carries a session, terminate the outcome. */
  @JsonNaming(SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record CallEvent(
      String id,
      String to,
      String from,
      String event,
      String timestamp,
      String direction,
      Session session,
      String bizOpaqueCallbackData,
      String status,
      String startTime,
      String endTime,
      Long duration,
      CallRecording callRecording,
      CallTranscript callTranscript) {

    /** connect, terminate: no media. */
    public CallEvent(String id, String to, String from, String event, String timestamp, String direction,
        Session session, String bizOpaqueCallbackData, String status, String startTime, String endTime,
        Long duration) {
      this(id, to, from, event, timestamp, direction, session, bizOpaqueCallbackData, status, startTime, endTime,
          duration, null, null);
    }
  }

  /** {@code call_recording} of a {@code call_recording_available} event (docs/meta-cloud-api.md#call-recording). */
  public record CallRecording(Media audio) {}

  /** {@code call_transcript} of a {@code call_transcription_available} event. */
  public record CallTranscript(Media document) {}

  /** A media file Meta made: fetch a fresh {@code url} by {@code id}; {@code sha256} is base64. */
  @JsonNaming(SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Media(String id, String sha256, String mimeType, String url) {}

  @JsonNaming(SnakeCaseStrategy.class)
  public record Session(String sdpType, String sdp) {}
}
