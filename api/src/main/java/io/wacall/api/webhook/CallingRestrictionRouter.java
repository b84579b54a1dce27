package io.wacall.api.webhook;

import io.wacall.backend.metrics.WacallMetrics;
import io.wacall.backend.store.directory.CallingRestrictions;
import io.wacall.backend.store.directory.CallingRestrictions.Kind;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Meta's {@code account_update} with calling restrictions (docs/meta-cloud-api.md#quality-restrictions)
 * becomes the number's restriction in {@code calling_restrictions}, with its expiry: no workflow is
 * involved, the API and the activities read it before anything reaches Meta, and it lifts itself at
 * the expiry. Operators see it in {@code GET /api/v1/phone-numbers/{id}/restrictions}, the metric
 * {@code wacall.calling.restrictions} and a warning in the log. An update with no calling
 * restriction, or for a number wacall does not know, is IGNORED with the reason.
 */
@Component
public class CallingRestrictionRouter implements WebhookEventRouter<AccountUpdateEvent> {
  private static final Logger log = LoggerFactory.getLogger(CallingRestrictionRouter.class);

  private final CallingRestrictions restrictions;
  private final WacallMetrics metrics;
  private final Clock clock;

  public CallingRestrictionRouter(CallingRestrictions restrictions, WacallMetrics metrics, Clock clock) {
    this.restrictions = restrictions;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public WebhookEventKind kind() {
    return WebhookEventKind.ACCOUNT_UPDATE;
  }

  @Override
  public RouteResult route(AccountUpdateEvent update) {
    List<CallingRestrictions.Restriction> calling = new ArrayList<>();
    Optional<String> number = phoneNumberId(update);
    for (AccountUpdateEvent.Restriction r : update.restrictions()) {
      Optional<Kind> kind = Kind.ofMetaType(r.type());
      if (kind.isPresent() && number.isPresent()) {
        calling.add(new CallingRestrictions.Restriction(number.get(), kind.get(), r.type(), r.expiresAt(), clock.instant()));
      }
    }
    if (calling.isEmpty()) {
      return RouteResult.ignored(number.isEmpty()
          ? "account update " + update.event() + " names no business number wacall knows"
          : "account update " + update.event() + " holds no calling restriction");
    }
    for (CallingRestrictions.Restriction r : calling) {
      if (restrictions.record(r)) {
        metrics.callingRestricted(r.kind().name());
        log.warn("Meta restricts calling of business number {}: {} until {}", r.phoneNumberId(), r.metaType(),
            r.expiresAt());
      }
    }
    return RouteResult.dispatched();
  }

  private Optional<String> phoneNumberId(AccountUpdateEvent update) {
    if (update.phoneNumberId() != null) {
      return Optional.of(update.phoneNumberId());
    }
    return update.displayNumber() == null ? Optional.empty()
        : restrictions.phoneNumberIdOfDisplayDigits(update.displayNumber());
  }
}
