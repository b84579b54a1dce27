package io.wacall.api.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * An event of a payload after decoding: either {@link #event()} or, when the item was malformed,
 * {@link #problem()}. A malformed item is still stored (as FAILED), so bad input never hides the
 * good events next to it.
 */
public record ParsedWebhookEvent(RawWebhookEvent raw, WebhookEvent event, String problem) {

  public static ParsedWebhookEvent decoded(RawWebhookEvent raw, WebhookEvent event) {
    return new ParsedWebhookEvent(raw, event, null);
  }

  public static ParsedWebhookEvent malformed(RawWebhookEvent raw, String problem) {
    return new ParsedWebhookEvent(raw, null, problem);
  }

  public boolean isMalformed() {
    return event == null;
  }

  public WebhookEventKind kind() {
    return raw.kind();
  }

  /** The event's own key, or {@code raw:{sha256 of its payload}} for a malformed one. */
  public String dedupeKey() {
    return event != null ? event.dedupeKey() : "raw:" + sha256Hex(raw.payload().toString());
  }

  public String phoneNumberId() {
    return event != null ? event.phoneNumberId() : WebhookPayloadParser.text(raw.payload().path("metadata"), "phone_number_id");
  }

  static String sha256Hex(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
