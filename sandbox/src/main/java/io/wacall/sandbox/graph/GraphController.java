package io.wacall.sandbox.graph;

import com.fasterxml.jackson.databind.JsonNode;
import io.wacall.sandbox.SandboxIds;
import io.wacall.sandbox.Sdp;
import io.wacall.sandbox.call.Calls;
import io.wacall.sandbox.customer.Customers;
import io.wacall.sandbox.customer.MetaLimits;
import io.wacall.sandbox.graph.GraphBodies.CallPermissionsResponse;
import io.wacall.sandbox.graph.GraphBodies.CallRef;
import io.wacall.sandbox.graph.GraphBodies.CallRequest;
import io.wacall.sandbox.graph.GraphBodies.ConnectResponse;
import io.wacall.sandbox.graph.GraphBodies.ContactRef;
import io.wacall.sandbox.graph.GraphBodies.Interactive;
import io.wacall.sandbox.graph.GraphBodies.MessageRef;
import io.wacall.sandbox.graph.GraphBodies.MessageRequest;
import io.wacall.sandbox.graph.GraphBodies.MessageResponse;
import io.wacall.sandbox.graph.GraphBodies.Session;
import io.wacall.sandbox.graph.GraphBodies.SuccessResponse;
import io.wacall.sandbox.permission.PermissionRequests;
import io.wacall.sandbox.settings.CallingSettingsBook;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Graph endpoints our Cloud API client calls, at {@code
 * {baseUrl}/{version}/{phoneNumberId}/...} with baseUrl {@code
 * http://127.0.0.1:8080/sandbox/graph}. The version is accepted as given.
 */
@RestController
@RequestMapping("/sandbox/graph/{version}/{phoneNumberId}")
class GraphController {
  private static final String CALL_PERMISSION_REQUEST = "call_permission_request";

  private final PermissionRequests permissions;
  private final Calls calls;
  private final SandboxIds ids;
  private final CallingSettingsBook settings;

  GraphController(PermissionRequests permissions, Calls calls, SandboxIds ids, CallingSettingsBook settings) {
    this.permissions = permissions;
    this.calls = calls;
    this.ids = ids;
    this.settings = settings;
  }

  /** Runs before every handler, before the body is read: Graph wants a token first of all. */
  @ModelAttribute
  void requireBearerToken(
      @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
    GraphTokens.require(authorization);
  }

  /**
   * A permission request (interactive call_permission_request, or a template: the sandbox cannot
   * see a template's components, so it treats every template as the permission request our service
   * sends), or any other message, which gets a wamid and nothing else.
   */
  @PostMapping("/messages")
  MessageResponse sendMessage(
      @PathVariable String phoneNumberId, @RequestBody MessageRequest request) {
    requireWhatsapp(request.messagingProduct());
    String waId = Customers.waId(request.to());
    if (waId == null) {
      throw GraphError.invalidParameter("The parameter to is required: the recipient's number");
    }
    if (!StringUtils.hasText(request.type())) {
      throw GraphError.invalidParameter("The parameter type is required");
    }
    String messageId =
        isPermissionRequest(request)
            ? permissions.request(phoneNumberId, waId, callbackData(request.bizOpaqueCallbackData()))
            : ids.messageId();
    return new MessageResponse(
        GraphBodies.MESSAGING_PRODUCT,
        List.of(new ContactRef(request.to(), waId)),
        List.of(new MessageRef(messageId)));
  }

  @PostMapping("/calls")
  Object call(@PathVariable String phoneNumberId, @RequestBody CallRequest request) {
    requireWhatsapp(request.messagingProduct());
    // Meta's own "new call" sample leaves action out, so a missing action means connect.
    String action = request.action() == null ? "connect" : request.action();
    switch (action) {
      case "connect" -> {
        String waId = Customers.waId(request.to());
        if (waId == null) {
          throw GraphError.invalidParameter("The parameter to is required: the number to call");
        }
        String offer = requireSdp(request.session(), "offer");
        String callId =
            calls.connect(phoneNumberId, waId, callbackData(request.bizOpaqueCallbackData()), offer,
                request.capture());
        return new ConnectResponse(GraphBodies.MESSAGING_PRODUCT, List.of(new CallRef(callId)));
      }
      case "pre_accept" ->
          calls.preAccept(
              phoneNumberId, requireCallId(request), requireSdp(request.session(), "answer"));
      case "accept" ->
          calls.accept(
              phoneNumberId,
              requireCallId(request),
              requireSdp(request.session(), "answer"),
              callbackData(request.bizOpaqueCallbackData()),
              request.capture());
      case "reject" -> calls.reject(phoneNumberId, requireCallId(request));
      case "terminate" -> calls.terminate(phoneNumberId, requireCallId(request));
      default ->
          throw GraphError.invalidParameter(
              "Unknown action "
                  + action
                  + ": use connect, pre_accept, accept, reject or terminate");
    }
    return new SuccessResponse(GraphBodies.MESSAGING_PRODUCT, true);
  }

  /** The number's calling settings (docs/meta-cloud-api.md#call-settings): {@code {"calling": {...}}}. */
  @PostMapping("/settings")
  SuccessResponse updateSettings(@PathVariable String phoneNumberId, @RequestBody JsonNode body) {
    settings.update(phoneNumberId, body.get("calling"));
    return new SuccessResponse(null, true);
  }

  /** What the number's calling settings are, with the restrictions in force. */
  @GetMapping("/settings")
  JsonNode settings(@PathVariable String phoneNumberId) {
    return settings.read(phoneNumberId);
  }

  /** The sandbox knows customers by number only, so {@code recipient} (a BSUID) is not served. */
  @GetMapping("/call_permissions")
  CallPermissionsResponse callPermissions(
      @PathVariable String phoneNumberId, @RequestParam("user_wa_id") String userWaId) {
    String waId = Customers.waId(userWaId);
    if (waId == null) {
      throw GraphError.invalidParameter("The parameter user_wa_id must be a phone number");
    }
    return permissions.view(phoneNumberId, waId);
  }

  private static boolean isPermissionRequest(MessageRequest request) {
    if ("template".equals(request.type())) {
      if (request.template() == null || !request.template().hasNonNull("name")) {
        throw GraphError.invalidParameter("The parameter template.name is required");
      }
      return true;
    }
    Interactive interactive = request.interactive();
    if (!"interactive".equals(request.type())
        || interactive == null
        || !CALL_PERMISSION_REQUEST.equals(interactive.type())) {
      return false;
    }
    // docs/meta-cloud-api.md#asking-for-permission: the action names the request, and neither header nor footer is allowed.
    if (interactive.action() == null
        || !CALL_PERMISSION_REQUEST.equals(interactive.action().name())) {
      throw GraphError.invalidParameter("interactive.action.name must be call_permission_request");
    }
    if (interactive.header() != null || interactive.footer() != null) {
      throw GraphError.invalidParameter(
          "A call_permission_request message may not have a header or a footer");
    }
    return true;
  }

  private static void requireWhatsapp(String messagingProduct) {
    if (!GraphBodies.MESSAGING_PRODUCT.equals(messagingProduct)) {
      throw GraphError.invalidParameter("The parameter messaging_product must be whatsapp");
    }
  }

  private static String requireCallId(CallRequest request) {
    if (!StringUtils.hasText(request.callId())) {
      throw GraphError.invalidParameter("The parameter call_id is required");
    }
    return request.callId();
  }

  private static String requireSdp(Session session, String sdpType) {
    if (session == null || !StringUtils.hasText(session.sdp())) {
      throw GraphError.invalidParameter("The parameter session.sdp is required");
    }
    if (!sdpType.equals(session.sdpType())) {
      throw GraphError.invalidParameter("session.sdp_type must be " + sdpType);
    }
    if (!Sdp.looksValid(session.sdp())) {
      throw GraphError.invalidParameter("session.sdp is not an RFC 8866 description (v=0 first)");
    }
    return session.sdp();
  }

  private static String callbackData(String bizOpaqueCallbackData) {
    if (bizOpaqueCallbackData != null
        && bizOpaqueCallbackData.length() > MetaLimits.MAX_CALLBACK_DATA_LENGTH) {
      throw GraphError.invalidParameter(
          "biz_opaque_callback_data is longer than "
              + MetaLimits.MAX_CALLBACK_DATA_LENGTH
              + " characters");
    }
    return bizOpaqueCallbackData;
  }
}
