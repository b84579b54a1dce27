package io.wacall.backend.activity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.temporal.failure.ApplicationFailure;
import io.wacall.backend.cloudapi.CloudApiClient;
import io.wacall.backend.cloudapi.CloudApiErrorCategory;
import io.wacall.backend.cloudapi.GraphApiException;
import io.wacall.backend.settings.CallingSettingsStore;
import io.wacall.backend.settings.MetaCallingJson;
import io.wacall.backend.store.directory.CallingRestrictions;
import io.wacall.backend.store.directory.CallingRestrictions.Kind;
import io.wacall.workflows.settings.CallingSettingsActivities;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The CallingSettings workflow's activity: the latest wanted settings of a number to Meta and Meta's
 * view back (docs/meta-cloud-api.md#call-settings). POST and GET are both safe to repeat, so a retry
 * after any failure pushes again. The restrictions Meta shows in its view become the number's
 * {@code calling_restrictions} (docs/meta-cloud-api.md#quality-restrictions), as its
 * {@code account_update} webhooks do.
 */
@Component("callingSettingsActivities")
public class CallingSettingsActivitiesImpl implements CallingSettingsActivities {
  private static final Logger log = LoggerFactory.getLogger(CallingSettingsActivitiesImpl.class);
  /** The failure type of Meta failing a push (retried). */
  static final String PUSH_FAILED = "CallingSettingsPushFailed";

  private final CloudApiClient cloudApi;
  private final CallingSettingsStore settings;
  private final CallingRestrictions restrictions;
  private final Clock clock;

  public CallingSettingsActivitiesImpl(CloudApiClient cloudApi, CallingSettingsStore settings,
      CallingRestrictions restrictions, Clock clock) {
    this.cloudApi = cloudApi;
    this.settings = settings;
    this.restrictions = restrictions;
    this.clock = clock;
  }

  @Override
  public Pushed push(String phoneNumberId, long revision) {
    CallingSettingsStore.Push push = settings.push(phoneNumberId).orElse(null);
    if (push == null) {
      // the number left the directory (its row went with it): nothing to keep in step
      return new Pushed(revision, true, null);
    }
    try {
      cloudApi.updateCallingSettings(phoneNumberId, push.calling());
    } catch (GraphApiException e) {
      if (refusal(e)) {
        log.warn("Meta refused the calling settings of business number {} (revision {}): {}", phoneNumberId,
            push.revision(), e.getMessage());
        String message = e.graphMessage() != null ? e.graphMessage() : e.getMessage();
        settings.recordRefused(phoneNumberId, push.revision(), e.code(), message);
        return new Pushed(push.revision(), true, e.code());
      }
      throw failed(e);
    }
    ObjectNode confirmed;
    try {
      confirmed = cloudApi.getCallingSettings(phoneNumberId);
    } catch (GraphApiException e) {
      throw failed(e); // Meta took the push: the retry pushes the same again and reads back
    }
    settings.recordSynced(phoneNumberId, push.revision(), confirmed);
    for (MetaCallingJson.MetaRestriction r : MetaCallingJson.restrictions(confirmed)) {
      for (Kind kind : Kind.allOfMetaType(r.type())) {
        restrictions.record(new CallingRestrictions.Restriction(phoneNumberId, kind, r.type(), r.expiresAt(), clock.instant()));
      }
    }
    return new Pushed(push.revision(), false, null);
  }

  /** Meta's answer about the settings themselves (a 4xx other than a throttle): pushing them again changes nothing. */
  private static boolean refusal(GraphApiException e) {
    return e.httpStatus() >= 400 && e.httpStatus() < 500 && !e.retryable()
        && e.category() != CloudApiErrorCategory.THROTTLED && e.category() != CloudApiErrorCategory.TRANSIENT;
  }

  private static ApplicationFailure failed(GraphApiException e) {
    return ApplicationFailure.newFailureWithCause(e.getMessage(), PUSH_FAILED, e);
  }
}
