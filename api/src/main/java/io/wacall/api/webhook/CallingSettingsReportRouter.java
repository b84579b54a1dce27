package io.wacall.api.webhook;

import io.wacall.backend.settings.CallingSettingsStore;
import java.time.Clock;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * Meta's {@code account_settings_update} (docs/meta-cloud-api.md#call-settings) becomes the
 * number's confirmed calling settings: Meta's values are what is at Meta, whoever changed them
 * (wacall's push or someone in WhatsApp Manager). Its {@code callback_permission_status} becomes
 * the number's {@code callbackRequestsEnabled} too, so the callback marker and WhatsApp's prompt
 * agree. No workflow is involved and nothing is pushed back. A report for a number wacall does not
 * know, one without a calling object, or one older than what wacall last read from Meta is IGNORED
 * with the reason; applying one twice changes nothing more.
 */
@Component
public class CallingSettingsReportRouter implements WebhookEventRouter<AccountSettingsUpdateEvent> {
  private final CallingSettingsStore settings;
  private final Clock clock;

  public CallingSettingsReportRouter(CallingSettingsStore settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public WebhookEventKind kind() {
    return WebhookEventKind.ACCOUNT_SETTINGS_UPDATE;
  }

  @Override
  public RouteResult route(AccountSettingsUpdateEvent update) {
    if (update.calling() == null) {
      return RouteResult.ignored("settings update of business number " + update.phoneNumberId()
          + " holds no calling settings");
    }
    // Meta's timestamp says when the settings changed; without one, the report is as new as its arrival
    Instant reportedAt = update.timestamp() != null ? update.timestamp() : clock.instant();
    if (!settings.applyMetaReport(update.phoneNumberId(), update.calling(), reportedAt)) {
      return RouteResult.ignored("settings update of business number " + update.phoneNumberId()
          + " names a number wacall does not know, or is older than what Meta showed since");
    }
    return RouteResult.dispatched();
  }
}
