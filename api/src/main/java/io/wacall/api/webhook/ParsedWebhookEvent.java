package io.wacall.api.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * An event of a payload after decoding: either {@link #event()} or, when the item was malformed or
 * named a value wacall does not know, {@link #problem()}. Such an item is still stored (FAILED, or
 * IGNORED for an unknown value), so bad input never hides the good events next to it.
 */
public record ParsedWebhookEvent(RawWebhookEvent raw, WebhookEvent event, String problem, boolean unknownValue) {

  public static ParsedWebhookEvent decoded(RawWebhookEvent raw, WebhookEvent event) {
    return new ParsedWebhookEvent(raw, event, null, false);
  }

  public static ParsedWebhookEvent malformed(RawWebhookEvent raw, String problem) {
    return new ParsedWebhookEvent(raw, null, problem, false);
  }

  /** An item that names a value Meta may have added ({@link UnknownWebhookValueException}): stored, IGNORED. */
  public static ParsedWebhookEvent unknownValue(RawWebhookEvent raw, String problem) {
    return new ParsedWebhookEvent(raw, null, problem, true);
  }

  /** Not decoded because it is broken (stored FAILED); an unknown value is not malformed. */
  public boolean isMalformed() {
    return event == null && !unknownValue;
  }

  /** Not decoded: malformed, or naming an unknown value. */
  public boolean isDecoded() {
    return event != null;
  }

  public WebhookEventKind kind() {
    return raw.kind();
  }

  /** The event's own key, or {@code raw:{sha256 of its payload}} for one not decoded. */
  public String dedupeKey() {
    return event != null ? event.dedupeKey() : "raw:" + sha256Hex(raw.payload().toString());
  }

  public String phoneNumberId() {
    return event != null ? event.phoneNumberId() : WebhookFields.text(raw.payload().path("metadata"), "phone_number_id");
  }

  static String sha256Hex(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
