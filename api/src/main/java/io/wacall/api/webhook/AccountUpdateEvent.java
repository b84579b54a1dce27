package io.wacall.api.webhook;

import java.time.Instant;
import java.util.List;

/**
 * A change on field {@code account_update}: Meta's word on the account or one of its numbers. wacall
 * reads the calling restrictions in it (docs/meta-cloud-api.md#quality-restrictions); any other
 * update (a violation notice, a ban) is stored and ignored.
 *
 * @param phoneNumberId {@code value.metadata.phone_number_id}, when Meta sends one
 * @param displayNumber {@code value.phone_number}, the number's digits, when Meta sends it
 * @param event {@code value.event}, e.g. {@code ACCOUNT_RESTRICTION}
 * @param restrictions {@code value.restriction_info[]}
 * @param sha256 hex SHA-256 of the change's JSON as received: its identity
 */
public record AccountUpdateEvent(
    String phoneNumberId,
    String displayNumber,
    String event,
    List<Restriction> restrictions,
    String sha256) implements WebhookEvent {

  public AccountUpdateEvent {
    restrictions = restrictions == null ? List.of() : List.copyOf(restrictions);
  }

  /** One {@code restriction_info[]} item: Meta's restriction type and when it lifts. */
  public record Restriction(String type, Instant expiresAt) {}

  @Override
  public WebhookEventKind kind() {
    return WebhookEventKind.ACCOUNT_UPDATE;
  }

  @Override
  public String dedupeKey() {
    return "account-update:" + sha256;
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
