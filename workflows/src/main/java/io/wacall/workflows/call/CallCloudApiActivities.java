package io.wacall.workflows.call;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Meta's Cloud API calling endpoints ({@code POST /{PHONE_NUMBER_ID}/calls}), for the call
 * workflows. A method fails with an ApplicationFailure of a {@code FailureTypes.CLOUD_API_*} type
 * whose first detail is a {@code CloudApiErrorDetails}: Meta's codes are classified once, where the
 * answer is read, and the workflow acts on the type and on {@code ambiguous} / {@code retryAt}.
 *
 * <p>Where a step changes what the call's record must show, the step carries that record and the
 * implementation saves it once Meta has agreed ({@link AnswerCall#connected()},
 * {@link PlaceCall#placed()}): the record never claims what Meta refused, and the write costs no
 * activity of its own.
 */
@ActivityInterface
public interface CallCloudApiActivities {

  /**
   * Answers a user-initiated call for an agent: {@code pre_accept} with the agent's SDP answer, then
   * {@code accept} with the same SDP (Meta's order), then saves {@link AnswerCall#connected()}.
   * Expected refusals come back as an {@link AnswerOutcome} naming the step that failed (a refused
   * {@code pre_accept} leaves the call intact for the next member; a failed {@code accept} fails the
   * call). Run once: an {@code accept} that may have reached Meta is never repeated.
   */
  @ActivityMethod(name = "AnswerCall")
  AnswerOutcome answer(AnswerCall command);

  /**
   * {@code connect}: places a business-initiated call with the agent's SDP offer and our workflow
   * ID in {@code biz_opaque_callback_data}; saves {@link PlaceCall#placed()} with Meta's wacid and
   * returns the wacid. Must not retry internally: a connect that may have reached Meta may have rung
   * the customer (the workflow runs it with one attempt).
   */
  @ActivityMethod(name = "PlaceCall")
  String place(PlaceCall command);

  /** {@code reject} of a user-initiated call nobody took. */
  @ActivityMethod(name = "RejectCall")
  void reject(String phoneNumberId, String wacid);

  /** {@code terminate} of a call in either direction. */
  @ActivityMethod(name = "TerminateCall")
  void terminate(String phoneNumberId, String wacid);
}
