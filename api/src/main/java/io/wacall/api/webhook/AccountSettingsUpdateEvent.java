package io.wacall.api.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * A change on field {@code account_settings_update} of type {@code PHONE_NUMBER_SETTINGS}: Meta
 * reports a number's calling settings after a change, including wacall's own pushes
 * (docs/meta-cloud-api.md#call-settings).
 *
 * @param phoneNumberId {@code value.phone_number_settings.phone_number_id}
 * @param calling {@code value.phone_number_settings.calling}, Meta's calling object as sent (null
 *     when the change is not about calling)
 * @param timestamp {@code value.timestamp}: when the settings changed
 * @param sha256 hex SHA-256 of the change's JSON as received: its identity
 */
public record AccountSettingsUpdateEvent(
    String phoneNumberId,
    ObjectNode calling,
    Instant timestamp,
    String sha256) implements WebhookEvent {

  @Override
  public WebhookEventKind kind() {
    return WebhookEventKind.ACCOUNT_SETTINGS_UPDATE;
  }

  @Override
  public String dedupeKey() {
    return "account-settings:" + sha256;
  }

  @Override
  public String waId() {
    return null;
  }
}
