package io.wacall.sandbox.settings;

import static io.wacall.sandbox.SandboxTime.unixSeconds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wacall.sandbox.SandboxProperties;
import io.wacall.sandbox.SandboxTime;
import io.wacall.sandbox.graph.GraphError;
import io.wacall.sandbox.webhook.Webhook;
import io.wacall.sandbox.webhook.WebhookPayload.Change;
import io.wacall.sandbox.webhook.WebhookPayload.Entry;
import io.wacall.sandbox.webhook.WebhookPayload.Envelope;
import io.wacall.sandbox.webhook.WebhookSender;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Meta's side of a number's calling settings (docs/meta-cloud-api.md#call-settings), played: what
 * {@code POST /{PHONE_NUMBER_ID}/settings} stores (each object it is given replaces the one
 * stored; {@code call_hours} without {@code holiday_schedule} has none), what {@code GET} shows
 * (with {@code restrictions} while one is played), and the signed {@code account_settings_update}
 * webhook Meta sends when a field it reports changed (also for the business's own change). A
 * restriction played here ({@link #restrict}) is announced as Meta announces it, by an
 * {@code account_update} webhook, and shows in GET until it lifts.
 */
@Component
public class CallingSettingsBook {
  /** The fields whose change Meta reports by webhook. */
  static final List<String> REPORTED = List.of("status", "call_icon_visibility", "callback_permission_status",
      "srtp_key_exchange_protocol");
  static final int MAX_HOLIDAYS = 20;
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final Map<String, ObjectNode> settings = new ConcurrentHashMap<>();
  private final Map<String, ArrayNode> restrictions = new ConcurrentHashMap<>();
  private final WebhookSender sender;
  private final SandboxProperties properties;
  private final SandboxTime time;

  public CallingSettingsBook(WebhookSender sender, SandboxProperties properties, SandboxTime time) {
    this.sender = sender;
    this.properties = properties;
    this.time = time;
  }

  /** {@code POST /settings}: stores {@code calling}, and reports it by webhook when a reported field changed. */
  public void update(String phoneNumberId, JsonNode calling) {
    if (calling == null || !calling.isObject()) {
      throw GraphError.invalidParameter("calling must be an object");
    }
    JsonNode holidays = calling.path("call_hours").path("holiday_schedule");
    if (holidays.isArray() && holidays.size() > MAX_HOLIDAYS) {
      throw GraphError.invalidParameter("call_hours.holiday_schedule has more than " + MAX_HOLIDAYS + " entries");
    }
    ObjectNode after;
    boolean reported;
    synchronized (this) {
      ObjectNode before = settings.getOrDefault(phoneNumberId, defaults());
      after = before.deepCopy();
      calling.fields().forEachRemaining(field -> after.set(field.getKey(), field.getValue().deepCopy()));
      reported = REPORTED.stream().anyMatch(f -> !Objects.equals(before.get(f), after.get(f)))
          || !Objects.equals(before.path("sip").get("status"), after.path("sip").get("status"));
      settings.put(phoneNumberId, after);
    }
    if (reported) {
      sender.enqueue(settingsWebhook(phoneNumberId, after.deepCopy()));
    }
  }

  /** {@code GET /settings}: {@code {"calling": {...}}}, with the restrictions in force. */
  public ObjectNode read(String phoneNumberId) {
    ObjectNode calling = settings.getOrDefault(phoneNumberId, defaults()).deepCopy();
    ArrayNode inForce = JSON.arrayNode();
    long now = time.now().getEpochSecond();
    for (JsonNode r : restrictions.getOrDefault(phoneNumberId, JSON.arrayNode())) {
      if (r.path("expiration").asLong() > now) {
        inForce.add(r.deepCopy());
      }
    }
    if (!inForce.isEmpty()) {
      calling.putObject("restrictions").set("restrictions_list", inForce);
    }
    ObjectNode body = JSON.objectNode();
    body.set("calling", calling);
    return body;
  }

  /**
   * Plays a quality restriction of the number (e.g. {@code RESTRICTED_BUSINESS_INITIATED_CALLING})
   * for {@code length}: Meta's {@code account_update} webhook, and the restriction in GET settings.
   */
  public Instant restrict(String phoneNumberId, String type, Duration length) {
    Instant until = time.now().plus(length);
    ObjectNode restriction = JSON.objectNode().put("type", type)
        .put("reason", "played by the sandbox").put("expiration", until.getEpochSecond());
    restrictions.computeIfAbsent(phoneNumberId, id -> JSON.arrayNode()).add(restriction);
    ObjectNode value = JSON.objectNode()
        .put("phone_number", properties.displayPhoneNumber(phoneNumberId))
        .put("event", "ACCOUNT_RESTRICTION");
    value.putArray("restriction_info").addObject().put("restriction_type", type)
        .put("expiration", until.getEpochSecond());
    sender.enqueue(new Webhook("account_update", "account update: " + type + " until " + until,
        "number:" + phoneNumberId, phoneNumberId, envelope("account_update", value)));
    return until;
  }

  /** Meta's state of a number nobody configured: calling off. */
  private static ObjectNode defaults() {
    return JSON.objectNode().put("status", "DISABLED").put("call_icon_visibility", "DEFAULT")
        .put("callback_permission_status", "DISABLED");
  }

  private Webhook settingsWebhook(String phoneNumberId, ObjectNode calling) {
    ObjectNode value = JSON.objectNode()
        .put("messaging_product", "whatsapp")
        .put("timestamp", unixSeconds(time.now()))
        .put("type", "PHONE_NUMBER_SETTINGS");
    value.putObject("phone_number_settings").put("phone_number_id", phoneNumberId).set("calling", calling);
    return new Webhook("account_settings_update", "settings update: calling " + calling.path("status").asText(),
        "number:" + phoneNumberId, phoneNumberId, envelope("account_settings_update", value));
  }

  private Envelope envelope(String field, ObjectNode value) {
    return new Envelope("whatsapp_business_account",
        List.of(new Entry(properties.wabaId(), List.of(new Change(value, field)))));
  }
}
