package io.wacall.api.webhook;

import java.time.Instant;

/**
 * A change we do not read ({@code account_settings_update}, a shape we
 * did not expect), or a whole document that is not a WhatsApp Business Account envelope. Stored
 * as it came so nothing is lost.
 *
 * @param field the change's {@code field}; null for a whole document
 * @param sha256 hex SHA-256 of the change's JSON as received: its identity
 */
public record UnrecognisedChange(String field, String phoneNumberId, String sha256) implements WebhookEvent {

  @Override
  public WebhookEventKind kind() {
    return WebhookEventKind.UNRECOGNISED;
  }

  @Override
  public String dedupeKey() {
    return "raw:" + sha256;
  }

  @Override
  public String waId() {
    return null;
  }

  @Override
  public Instant timestamp() {
    return null;
  }
}
