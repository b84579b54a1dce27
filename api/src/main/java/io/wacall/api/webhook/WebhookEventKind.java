package io.wacall.api.webhook;

/**
 * The sorts of event a webhook POST is split into (docs/meta-cloud-api.md#envelope). Stored in
 * {@code webhook_events.kind}; the dispatcher picks a {@link WebhookEventRouter} by it.
 */
public enum WebhookEventKind {
  /** {@code messages[]} with interactive {@code call_permission_reply} (docs/meta-cloud-api.md#permission-replies). */
  PERMISSION_REPLY(PermissionReplyEvent.class, "no router for permission replies is configured"),
  /** Any other {@code messages[]} item: text, media, a voicemail. */
  INBOUND_MESSAGE(InboundMessageEvent.class, "inbound messages other than call permission replies are not handled"),
  /** {@code statuses[]} on field {@code messages}: sent, delivered, read or failed. */
  MESSAGE_STATUS(MessageStatusEvent.class, "no router for message statuses is configured"),
  /** {@code calls[]} on field {@code calls}: connect, terminate, and event names not known yet (docs/meta-cloud-api.md#call-events). */
  CALL(MetaCallEvent.class, "no router for call events is configured"),
  /**
   * {@code calls[]} on field {@code calls} announcing a recording or transcript Meta made of a call
   * (docs/meta-cloud-api.md#call-recording).
   */
  CALL_MEDIA(CallMediaEvent.class, "no router for call recordings and transcripts is configured"),
  /** {@code statuses[]} with {@code type:"call"} on field {@code calls}: RINGING, ACCEPTED, REJECTED (docs/meta-cloud-api.md#call-statuses). */
  CALL_STATUS(CallStatusEvent.class, "no router for call statuses is configured"),
  /** A change on field {@code account_update}: calling restrictions (docs/meta-cloud-api.md#quality-restrictions). */
  ACCOUNT_UPDATE(AccountUpdateEvent.class, "no router for account updates is configured"),
  /** A change on field {@code account_settings_update}: a number's calling settings at Meta (docs/meta-cloud-api.md#call-settings). */
  ACCOUNT_SETTINGS_UPDATE(AccountSettingsUpdateEvent.class, "no router for settings updates is configured"),
  /** A change (or a whole document) of a shape or field we do not read, kept as it came. */
  UNRECOGNISED(UnrecognisedChange.class, "this webhook field or shape is not handled");

  private final Class<? extends WebhookEvent> eventType;
  private final String unroutedReason;

  WebhookEventKind(Class<? extends WebhookEvent> eventType, String unroutedReason) {
    this.eventType = eventType;
    this.unroutedReason = unroutedReason;
  }

  /** The typed event this kind decodes to. */
  public Class<? extends WebhookEvent> eventType() {
    return eventType;
  }

  /** Why an event of this kind is stored as IGNORED while no router handles the kind. */
  public String unroutedReason() {
    return unroutedReason;
  }
}
