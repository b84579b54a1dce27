package io.wacall.api.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.time.Instant;
import java.util.Locale;

/**
 * The field readers of {@link WebhookPayloadParser}: Meta sends numbers as strings in some places
 * and as numbers in others, booleans likewise; a field that is missing or of the wrong shape where
 * it is required is a {@link MalformedWebhookEventException}.
 */
final class WebhookFields {
  private WebhookFields() {}

  /**
   * The SDP exactly as Meta sent it: every line of an SDP ends with CRLF (RFC 8866), the last one
   * too, and a WebRTC stack refuses a description whose last line lost it, so it is never trimmed.
   */
  static String sdp(JsonNode session) {
    JsonNode value = session.get("sdp");
    if (value == null || !value.isValueNode() || value.isNull() || value.asText().isBlank()) {
      return null;
    }
    return value.asText();
  }

  /** The field as text, or null when absent, JSON null, blank, or not a scalar. */
  static String text(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    if (value == null || !value.isValueNode() || value.isNull()) {
      return null;
    }
    String text = value.asText().trim();
    return text.isEmpty() ? null : text;
  }

  static JsonNode object(JsonNode payload, String name) {
    JsonNode item = payload.path(name);
    if (!item.isObject()) {
      throw new MalformedWebhookEventException("the " + name + " item is not a JSON object");
    }
    return item;
  }

  static String required(JsonNode node, String field, String where) {
    String value = text(node, field);
    if (value == null) {
      throw new MalformedWebhookEventException(where + "." + field + " is missing");
    }
    return value;
  }

  /** UNIX seconds, as a string ({@code "1671644824"}) or a number. */
  static Instant unixSeconds(JsonNode node, String field, boolean required) {
    String value = text(node, field);
    if (value == null) {
      if (required) {
        throw new MalformedWebhookEventException(field + " is missing");
      }
      return null;
    }
    try {
      return Instant.ofEpochSecond(Long.parseLong(value));
    } catch (NumberFormatException | java.time.DateTimeException e) {
      throw new MalformedWebhookEventException(field + " '" + value + "' is not a UNIX time in seconds");
    }
  }

  static Integer integer(JsonNode node, String field) {
    String value = text(node, field);
    if (value == null) {
      return null;
    }
    try {
      return Integer.valueOf(value);
    } catch (NumberFormatException e) {
      throw new MalformedWebhookEventException(field + " '" + value + "' is not an integer");
    }
  }

  static boolean bool(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return false;
    }
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    String text = value.asText().trim().toLowerCase(Locale.ROOT);
    if (text.equals("true") || text.equals("false")) {
      return Boolean.parseBoolean(text);
    }
    throw new MalformedWebhookEventException(field + " '" + value.asText() + "' is not a boolean");
  }

  static String lower(String text) {
    return text.toLowerCase(Locale.ROOT);
  }

  /** The digits of a number as Meta writes it ({@code +1 555...} or {@code 1555...}), libphonenumber's folding. */
  static String digits(String phone) {
    if (phone == null) {
      return null;
    }
    String digits = PhoneNumberUtil.normalizeDigitsOnly(phone);
    return digits.isEmpty() ? null : digits;
  }
}
