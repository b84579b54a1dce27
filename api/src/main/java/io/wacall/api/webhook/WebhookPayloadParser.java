package io.wacall.api.webhook;

import static io.wacall.api.webhook.WebhookFields.bool;
import static io.wacall.api.webhook.WebhookFields.digits;
import static io.wacall.api.webhook.WebhookFields.integer;
import static io.wacall.api.webhook.WebhookFields.lower;
import static io.wacall.api.webhook.WebhookFields.object;
import static io.wacall.api.webhook.WebhookFields.required;
import static io.wacall.api.webhook.WebhookFields.sdp;
import static io.wacall.api.webhook.WebhookFields.text;
import static io.wacall.api.webhook.WebhookFields.unixSeconds;

import io.wacall.contract.call.view.CallDirection;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wacall.contract.permission.signal.ReplyResponse;
import io.wacall.contract.permission.signal.ReplySource;
import io.wacall.workflows.media.MediaKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Reads Meta's webhook payloads (docs/meta-cloud-api.md#webhooks) in two steps:
 * {@link #split} cuts a payload into one self-contained {@link RawWebhookEvent} per event (a POST
 * may carry several entries, each with several changes, each with several items), and
 * {@link #decode} turns one into a typed {@link WebhookEvent}. The intake stores both; the
 * dispatcher routes the stored event as it is ({@link WebhookEventJson}), and decodes Meta's item
 * again only for a row that has no decoded event (see WebhookDispatcher).
 *
 * <p>Nothing here throws on a well-formed JSON document: what cannot be read is returned as
 * malformed or unrecognised, and stored.
 */
@Component
public class WebhookPayloadParser {
  static final String ENVELOPE_OBJECT = "whatsapp_business_account";
  static final String FIELD_MESSAGES = "messages";
  static final String FIELD_CALLS = "calls";
  static final String FIELD_ACCOUNT_UPDATE = "account_update";
  static final String FIELD_ACCOUNT_SETTINGS_UPDATE = "account_settings_update";
  static final String PHONE_NUMBER_SETTINGS = "PHONE_NUMBER_SETTINGS";
  static final String CALL_PERMISSION_REPLY = "call_permission_reply";

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** Splits and decodes a whole payload. */
  public List<ParsedWebhookEvent> parse(JsonNode document) {
    List<ParsedWebhookEvent> parsed = new ArrayList<>();
    for (RawWebhookEvent raw : split(document)) {
      try {
        parsed.add(ParsedWebhookEvent.decoded(raw, decode(raw)));
      } catch (UnknownWebhookValueException e) {
        parsed.add(ParsedWebhookEvent.unknownValue(raw, e.getMessage()));
      } catch (MalformedWebhookEventException e) {
        parsed.add(ParsedWebhookEvent.malformed(raw, e.getMessage()));
      }
    }
    return parsed;
  }

  /** One raw event per item of the payload, in payload order. */
  public List<RawWebhookEvent> split(JsonNode document) {
    List<RawWebhookEvent> events = new ArrayList<>();
    if (!ENVELOPE_OBJECT.equals(text(document, "object")) || !document.path("entry").isArray()) {
      events.add(unrecognised(null, "document", document));
      return events;
    }
    for (JsonNode entry : document.path("entry")) {
      if (!entry.path("changes").isArray()) {
        events.add(unrecognised(null, "entry", entry));
        continue;
      }
      String wabaId = text(entry, "id");
      for (JsonNode change : entry.path("changes")) {
        splitChange(wabaId, change, events);
      }
    }
    return events;
  }

  private void splitChange(String wabaId, JsonNode change, List<RawWebhookEvent> events) {
    String field = text(change, "field");
    JsonNode value = change.path("value");
    int before = events.size();
    if (value.isObject() && FIELD_MESSAGES.equals(field)) {
      for (JsonNode message : items(value, "messages")) {
        boolean reply = CALL_PERMISSION_REPLY.equals(text(message.path("interactive"), "type"));
        WebhookEventKind kind = reply ? WebhookEventKind.PERMISSION_REPLY
            : CallMediaEvents.isVoicemail(message) ? WebhookEventKind.CALL_MEDIA : WebhookEventKind.INBOUND_MESSAGE;
        events.add(item(kind, field, wabaId, value, "message", message, true));
      }
      for (JsonNode status : items(value, "statuses")) {
        boolean call = "call".equalsIgnoreCase(text(status, "type"));
        events.add(item(call ? WebhookEventKind.CALL_STATUS : WebhookEventKind.MESSAGE_STATUS,
            field, wabaId, value, "status", status, false));
      }
    } else if (value.isObject() && (FIELD_ACCOUNT_UPDATE.equals(field) || FIELD_ACCOUNT_SETTINGS_UPDATE.equals(field))) {
      ObjectNode payload = JSON.objectNode();
      payload.put("field", field);
      payload.put("waba_id", wabaId);
      payload.set("metadata", value.path("metadata").isObject() ? value.get("metadata").deepCopy() : JSON.objectNode());
      payload.put("sha256", ParsedWebhookEvent.sha256Hex(change.toString()));
      payload.set("update", value.deepCopy());
      events.add(new RawWebhookEvent(FIELD_ACCOUNT_UPDATE.equals(field)
          ? WebhookEventKind.ACCOUNT_UPDATE : WebhookEventKind.ACCOUNT_SETTINGS_UPDATE, payload));
    } else if (value.isObject() && FIELD_CALLS.equals(field)) {
      for (JsonNode call : items(value, "calls")) {
        boolean media = MediaKind.ofWebhookEvent(lower(text(call, "event"))) != null;
        events.add(item(media ? WebhookEventKind.CALL_MEDIA : WebhookEventKind.CALL, field, wabaId, value, "call",
            call, true));
      }
      for (JsonNode status : items(value, "statuses")) {
        events.add(item(WebhookEventKind.CALL_STATUS, field, wabaId, value, "status", status, false));
      }
    }
    if (events.size() == before) {
      events.add(unrecognised(wabaId, "change", change));
    }
  }

  private static Iterable<JsonNode> items(JsonNode value, String name) {
    JsonNode array = value.path(name);
    return array.isArray() ? array : List.of();
  }

  private static RawWebhookEvent item(WebhookEventKind kind, String field, String wabaId, JsonNode value,
      String itemName, JsonNode item, boolean withContacts) {
    ObjectNode payload = JSON.objectNode();
    payload.put("field", field);
    payload.put("waba_id", wabaId);
    payload.set("metadata", value.path("metadata").isObject() ? value.get("metadata").deepCopy() : JSON.objectNode());
    if (withContacts && value.path("contacts").isArray()) {
      payload.set("contacts", value.get("contacts").deepCopy());
    }
    // Meta places call errors next to calls[]; they belong to the call, so they travel with it.
    if (kind == WebhookEventKind.CALL && value.path("errors").isArray()) {
      payload.set("errors", value.get("errors").deepCopy());
    }
    payload.set(itemName, item.deepCopy());
    return new RawWebhookEvent(kind, payload);
  }

  private static RawWebhookEvent unrecognised(String wabaId, String what, JsonNode node) {
    ObjectNode payload = JSON.objectNode();
    payload.put("waba_id", wabaId);
    payload.put("field", text(node, "field"));
    // the hash of the JSON as received: the payload's own key order is lost once it is jsonb
    payload.put("sha256", ParsedWebhookEvent.sha256Hex(node.toString()));
    payload.set(what, node.deepCopy());
    return new RawWebhookEvent(WebhookEventKind.UNRECOGNISED, payload);
  }

  /** Decodes one raw event. */
  public WebhookEvent decode(RawWebhookEvent raw) {
    ObjectNode p = raw.payload();
    String phoneNumberId = text(p.path("metadata"), "phone_number_id");
    return switch (raw.kind()) {
      case PERMISSION_REPLY -> permissionReply(phoneNumberId, p);
      case INBOUND_MESSAGE -> inboundMessage(phoneNumberId, p);
      case MESSAGE_STATUS -> messageStatus(phoneNumberId, p);
      case CALL -> call(phoneNumberId, p);
      case CALL_MEDIA -> CallMediaEvents.decode(phoneNumberId, p);
      case CALL_STATUS -> callStatus(phoneNumberId, p);
      case ACCOUNT_UPDATE -> accountUpdate(phoneNumberId, p);
      case ACCOUNT_SETTINGS_UPDATE -> accountSettingsUpdate(p);
      case UNRECOGNISED -> unrecognisedChange(p);
    };
  }

  private static PermissionReplyEvent permissionReply(String phoneNumberId, ObjectNode p) {
    JsonNode message = object(p, "message");
    String id = required(message, "id", "message");
    JsonNode reply = message.path("interactive").path(CALL_PERMISSION_REPLY);
    if (!reply.isObject()) {
      throw new MalformedWebhookEventException("message " + id + " has no interactive.call_permission_reply object");
    }
    ReplyResponse response = switch (lower(required(reply, "response", "call_permission_reply"))) {
      case "accept" -> ReplyResponse.ACCEPT;
      case "reject" -> ReplyResponse.REJECT;
      default -> throw new UnknownWebhookValueException(
          "call_permission_reply.response '" + text(reply, "response") + "' is neither accept nor reject");
    };
    String sourceText = text(reply, "response_source");
    // Every documented scenario names a source; a reply without one is taken as the user's own.
    ReplySource source = sourceText == null ? ReplySource.USER_ACTION : switch (lower(sourceText)) {
      case "user_action" -> ReplySource.USER_ACTION;
      case "automatic" -> ReplySource.AUTOMATIC;
      default -> throw new UnknownWebhookValueException(
          "call_permission_reply.response_source '" + sourceText + "' is neither user_action nor automatic");
    };
    return new PermissionReplyEvent(
        phoneNumberId,
        customer(message, p),
        text(message, "from_user_id"),
        id,
        unixSeconds(message, "timestamp", true),
        response,
        bool(reply, "is_permanent"),
        unixSeconds(reply, "expiration_timestamp", false),
        source,
        text(message.path("context"), "id"));
  }

  private static InboundMessageEvent inboundMessage(String phoneNumberId, ObjectNode p) {
    JsonNode message = object(p, "message");
    return new InboundMessageEvent(phoneNumberId, customer(message, p), required(message, "id", "message"),
        text(message, "type"), unixSeconds(message, "timestamp", false));
  }

  /**
   * The user's side of a call whose number field is missing (docs/meta-cloud-api.md#business-scoped-user-ids):
   * the one contact's {@code wa_id} when Meta still gives it, else the user's business-scoped user id
   * ({@code userIdField} of the call, or the one contact's {@code user_id}).
   */
  private static String numberOrUserId(JsonNode call, JsonNode payload, String userIdField) {
    JsonNode contacts = payload.path("contacts");
    JsonNode contact = contacts.isArray() && contacts.size() == 1 ? contacts.get(0) : null;
    String waId = contact == null ? null : text(contact, "wa_id");
    if (waId != null) {
      return waId;
    }
    String userId = text(call, userIdField);
    return userId != null || contact == null ? userId : text(contact, "user_id");
  }

  /** {@code from}; when a username hides it, the one contact's {@code wa_id}. */
  static String customer(JsonNode message, JsonNode payload) {
    String from = text(message, "from");
    if (from != null) {
      return from;
    }
    JsonNode contacts = payload.path("contacts");
    return contacts.isArray() && contacts.size() == 1 ? text(contacts.get(0), "wa_id") : null;
  }

  private static MessageStatusEvent messageStatus(String phoneNumberId, ObjectNode p) {
    JsonNode status = object(p, "status");
    return new MessageStatusEvent(
        phoneNumberId,
        text(status, "recipient_id"),
        required(status, "id", "status"),
        lower(required(status, "status", "status")),
        unixSeconds(status, "timestamp", true),
        errors(status.path("errors")),
        text(status, "biz_opaque_callback_data"));
  }

  private static MetaCallEvent call(String phoneNumberId, ObjectNode p) {
    JsonNode call = object(p, "call");
    String id = required(call, "id", "call");
    String directionText = text(call, "direction");
    CallDirection direction = null;
    if (directionText != null) {
      try {
        direction = CallDirection.valueOf(directionText.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new UnknownWebhookValueException("call " + id + " has an unknown direction '" + directionText + "'");
      }
    }
    String from = text(call, "from");
    String to = text(call, "to");
    // a user known by a business-scoped user id alone: no number on the user's side
    if (from == null && direction == CallDirection.USER_INITIATED) {
      from = numberOrUserId(call, p, "from_user_id");
    }
    if (to == null && direction == CallDirection.BUSINESS_INITIATED) {
      to = numberOrUserId(call, p, "to_user_id");
    }
    JsonNode session = call.path("session");
    List<WebhookError> errors = new ArrayList<>(errors(p.path("errors")));
    errors.addAll(errors(call.path("errors"))); // some senders nest them in the call object
    return new MetaCallEvent(
        phoneNumberId,
        id,
        direction,
        from,
        to,
        callCustomer(direction, from, to, text(p.path("metadata"), "display_phone_number")),
        lower(required(call, "event", "call")),
        unixSeconds(call, "timestamp", true),
        session.isObject() ? new CallSession(text(session, "sdp_type"), sdp(session)) : null,
        text(call, "status"),
        integer(call, "duration"),
        unixSeconds(call, "start_time", false),
        unixSeconds(call, "end_time", false),
        text(call, "biz_opaque_callback_data"),
        text(call, "cta_payload"),
        text(call, "deeplink_payload"),
        errors);
  }

  /**
   * The customer's side of a call. Meta's samples contradict each other about from and to, so the
   * direction decides (docs/meta-cloud-api.md#call-events); without one, whichever side is not the business's number.
   */
  static String callCustomer(CallDirection direction, String from, String to, String businessNumber) {
    if (direction == CallDirection.USER_INITIATED) {
      return from;
    }
    if (direction == CallDirection.BUSINESS_INITIATED) {
      return to;
    }
    String business = digits(businessNumber);
    if (business != null && business.equals(digits(from))) {
      return to;
    }
    if (business != null && business.equals(digits(to))) {
      return from;
    }
    return null;
  }

  private static CallStatusEvent callStatus(String phoneNumberId, ObjectNode p) {
    JsonNode status = object(p, "status");
    return new CallStatusEvent(
        phoneNumberId,
        required(status, "id", "status"),
        required(status, "status", "status").toUpperCase(Locale.ROOT),
        unixSeconds(status, "timestamp", true),
        text(status, "recipient_id"),
        text(status, "recipient_user_id"),
        text(status, "biz_opaque_callback_data"),
        errors(status.path("errors")));
  }

  private static AccountUpdateEvent accountUpdate(String phoneNumberId, ObjectNode p) {
    JsonNode update = object(p, "update");
    List<AccountUpdateEvent.Restriction> restrictions = new ArrayList<>();
    for (JsonNode info : items(update, "restriction_info")) {
      restrictions.add(new AccountUpdateEvent.Restriction(required(info, "restriction_type", "restriction_info"),
          unixSeconds(info, "expiration", true)));
    }
    return new AccountUpdateEvent(phoneNumberId, digits(text(update, "phone_number")), text(update, "event"),
        restrictions, required(p, "sha256", "account_update"));
  }

  /**
   * {@code account_settings_update}: Meta's samples write the type as {@code PHONE_NUMBER_SETTINGS}
   * and as the placeholder {@code [phone_number_settings]}; both are read as the one type. Another
   * type is a value Meta added (stored, IGNORED).
   */
  private static AccountSettingsUpdateEvent accountSettingsUpdate(ObjectNode p) {
    JsonNode update = object(p, "update");
    String type = required(update, "type", "account_settings_update").replace("[", "").replace("]", "");
    if (!PHONE_NUMBER_SETTINGS.equalsIgnoreCase(type)) {
      throw new UnknownWebhookValueException("account_settings_update type '" + text(update, "type")
          + "' is not " + PHONE_NUMBER_SETTINGS);
    }
    JsonNode settings = object(update, "phone_number_settings");
    JsonNode calling = settings.path("calling");
    return new AccountSettingsUpdateEvent(required(settings, "phone_number_id", "phone_number_settings"),
        calling.isObject() ? (ObjectNode) calling.deepCopy() : null, unixSeconds(update, "timestamp", false),
        required(p, "sha256", "account_settings_update"));
  }

  private static UnrecognisedChange unrecognisedChange(ObjectNode p) {
    String sha = text(p, "sha256");
    if (sha == null) {
      sha = ParsedWebhookEvent.sha256Hex(p.toString());
    }
    return new UnrecognisedChange(text(p, "field"), text(p.path("change").path("value").path("metadata"), "phone_number_id"), sha);
  }

  private static List<WebhookError> errors(JsonNode array) {
    if (!array.isArray()) {
      return List.of();
    }
    List<WebhookError> errors = new ArrayList<>();
    for (JsonNode e : array) {
      if (e.isObject()) {
        errors.add(new WebhookError(integer(e, "code"), text(e, "title"), text(e, "message"),
            text(e.path("error_data"), "details"), text(e, "href")));
      }
    }
    return errors;
  }
}
