package io.wacall.sandbox.graph;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.wacall.sandbox.call.Capture;
import java.util.List;

/** Request and response bodies of the Graph endpoints the sandbox serves (docs/meta-cloud-api.md#calling-api, #call-permissions). */
public final class GraphBodies {
  public static final String MESSAGING_PRODUCT = "whatsapp";

  private GraphBodies() {}

  /**
   * {@code POST /{phone-number-id}/messages}; only what the sandbox looks at. {@code
   * biz_opaque_callback_data} comes back in the message's statuses (docs/meta-cloud-api.md#callback-data).
   */
  @JsonNaming(SnakeCaseStrategy.class)
  public record MessageRequest(
      String messagingProduct,
      String to,
      String type,
      Interactive interactive,
      JsonNode template,
      String bizOpaqueCallbackData) {}

  /** Header and footer are only read to refuse them on a permission request (docs/meta-cloud-api.md#asking-for-permission). */
  public record Interactive(
      String type, JsonNode header, JsonNode body, JsonNode footer, Action action) {}

  public record Action(String name) {}

  @JsonNaming(SnakeCaseStrategy.class)
  public record MessageResponse(
      String messagingProduct, List<ContactRef> contacts, List<MessageRef> messages) {}

  /** {@code input} is the number as sent, {@code wa_id} its digits. */
  @JsonNaming(SnakeCaseStrategy.class)
  public record ContactRef(String input, String waId) {}

  public record MessageRef(String id) {}

  /** {@code POST /{phone-number-id}/calls}, any of the five actions (docs/meta-cloud-api.md#call-actions). */
  @JsonNaming(SnakeCaseStrategy.class)
  public record CallRequest(
      String messagingProduct,
      String to,
      String action,
      String callId,
      Session session,
      String bizOpaqueCallbackData,
      MediaRequest recording,
      MediaRequest transcription) {

    /** What the business asked Meta to make of the call. */
    Capture capture() {
      return new Capture(MediaRequest.enabled(recording), MediaRequest.enabled(transcription));
    }
  }

  /** {@code recording} / {@code transcription} of connect and accept (docs/meta-cloud-api.md#call-recording). */
  @JsonNaming(SnakeCaseStrategy.class)
  public record MediaRequest(String status, String purpose, String announcementLanguage) {
    static boolean enabled(MediaRequest request) {
      return request != null && "ENABLED".equalsIgnoreCase(request.status());
    }
  }

  @JsonNaming(SnakeCaseStrategy.class)
  public record Session(String sdpType, String sdp) {}

  @JsonNaming(SnakeCaseStrategy.class)
  public record ConnectResponse(String messagingProduct, List<CallRef> calls) {}

  public record CallRef(String id) {}

  /** What pre_accept, accept, reject and terminate answer. */
  @JsonNaming(SnakeCaseStrategy.class)
  public record SuccessResponse(String messagingProduct, boolean success) {}

  /** {@code GET /{phone-number-id}/call_permissions} (docs/meta-cloud-api.md#permission-lookup). */
  @JsonNaming(SnakeCaseStrategy.class)
  public record CallPermissionsResponse(
      String messagingProduct, Permission permission, List<PermissionAction> actions) {}

  /** {@code expiration_time} (UNIX seconds) only for a temporary permission. */
  @JsonNaming(SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Permission(String status, Long expirationTime) {}

  @JsonNaming(SnakeCaseStrategy.class)
  public record PermissionAction(String actionName, boolean canPerformAction, List<Limit> limits) {}

  /** {@code limit_expiration_time} (UNIX seconds) only while the limit is used up. */
  @JsonNaming(SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Limit(
      String timePeriod, int maxAllowed, int currentUsage, Long limitExpirationTime) {}
}
