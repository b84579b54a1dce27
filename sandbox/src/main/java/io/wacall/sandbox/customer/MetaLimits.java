package io.wacall.sandbox.customer;

import java.time.Duration;

/**
 * Meta's calling limits per business number and customer, with the section of docs/meta-cloud-api.md
 * each comes from. The sandbox applies the production numbers, not the relaxed ones of Meta's own
 * sandbox accounts (docs/meta-cloud-api.md#test-accounts), because those are what our workflows must live with.
 */
public final class MetaLimits {
  /** docs/meta-cloud-api.md#grants: a temporary permission lasts 7 days (168 h) from approval. */
  public static final Duration TEMPORARY_PERMISSION = Duration.ofDays(7);

  /** docs/meta-cloud-api.md#request-limits: at most 1 permission request in any 24 h, reset by a connected call. */
  public static final Window REQUESTS_PER_DAY = new Window("PT24H", Duration.ofHours(24), 1);

  /** docs/meta-cloud-api.md#request-limits: at most 2 permission requests in any 7 days, reset by a connected call. */
  public static final Window REQUESTS_PER_WEEK = new Window("P7D", Duration.ofDays(7), 2);

  /** docs/meta-cloud-api.md#connected-call-cap: at most 100 connected business-initiated calls in any 24 h. */
  public static final Window CONNECTED_CALLS_PER_DAY =
      new Window("PT24H", Duration.ofHours(24), 100);

  /** docs/meta-cloud-api.md#unanswered-calls: after 2 unanswered calls in a row WhatsApp asks the user to reconsider. */
  public static final int UNANSWERED_CALLS_REMINDER = 2;

  /** docs/meta-cloud-api.md#unanswered-calls: after 4 unanswered calls in a row the permission is revoked automatically. */
  public static final int UNANSWERED_CALLS_REVOKE = 4;

  /** docs/meta-cloud-api.md#callback-data: biz_opaque_callback_data is at most 512 characters. */
  public static final int MAX_CALLBACK_DATA_LENGTH = 512;

  /**
   * A rolling window as {@code GET call_permissions} reports it (docs/meta-cloud-api.md#permission-lookup).
   *
   * @param timePeriod the ISO 8601 label Meta uses ({@code P7D}, not {@code PT168H})
   */
  public record Window(String timePeriod, Duration period, int maxAllowed) {}

  private MetaLimits() {}
}
