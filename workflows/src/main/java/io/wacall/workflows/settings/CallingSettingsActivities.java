package io.wacall.workflows.settings;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** What the CallingSettings workflow asks of the outside world. Implemented in the backend module. */
@ActivityInterface
public interface CallingSettingsActivities {

  /**
   * Pushes the number's latest wanted settings to Meta ({@code POST /{PHONE_NUMBER_ID}/settings},
   * the stored revision, which may be newer than {@code revision}), then reads Meta's view back
   * ({@code GET}) and records it, with the restrictions it shows. Meta's refusal (a 4xx) is
   * recorded and answered {@link Pushed#refused()}; Meta unreachable or failing (a 5xx) fails the
   * activity, which is retried.
   */
  @ActivityMethod(name = "PushCallingSettings")
  Pushed push(String phoneNumberId, long revision);

  /**
   * What a push did.
   *
   * @param revision the revision pushed (the stored one, at least the one asked for)
   * @param refused Meta refused it; {@code errorCode} is its Graph error code
   */
  record Pushed(long revision, boolean refused, Integer errorCode) {}
}
