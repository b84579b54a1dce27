package io.wacall.backend.activity;

import io.wacall.backend.cloudapi.CallMediaOptions;
import io.wacall.contract.call.command.CallCapture;
import org.springframework.beans.factory.annotation.Autowired;
import io.wacall.backend.cloudapi.CloudApiClient;
import io.wacall.backend.store.media.CallMediaSettingsRepository;
import io.wacall.backend.cloudapi.GraphApiException;
import io.wacall.backend.store.CallRecords;
import io.wacall.contract.call.view.CallStatus;
import io.wacall.contract.call.view.CallView;
import io.wacall.workflows.call.AnswerCall;
import io.wacall.workflows.call.AnswerOutcome;
import io.wacall.workflows.call.CallCloudApiActivities;
import io.wacall.workflows.call.PlaceCall;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * {@link CallCloudApiActivities}: Meta's calling endpoints. Where Meta's agreement changes the
 * call's record ({@code accept}, {@code connect}), the record carried by the command is saved
 * right after Meta agreed ({@link CallRecords}: the agents' ringing rows follow it).
 *
 * <p>Once Meta has agreed, the step has happened: a failure to save the record afterwards is logged
 * and the step still answers its success (the workflow's next save carries a newer snapshot),
 * because failing it would make the workflow treat a connected call as a failed one.
 */
@Component("callCloudApiActivities")
public class CallCloudApiActivitiesImpl implements CallCloudApiActivities {
  private static final Logger log = LoggerFactory.getLogger(CallCloudApiActivitiesImpl.class);

  private final CloudApiClient cloudApi;
  private final CallRecords records;
  private final CallMediaSettingsRepository mediaSettings;

  /** Without recording settings: no call is recorded or transcribed (tests of the call flow). */
  public CallCloudApiActivitiesImpl(CloudApiClient cloudApi, CallRecords records) {
    this(cloudApi, records, null);
  }

  @Autowired
  public CallCloudApiActivitiesImpl(CloudApiClient cloudApi, CallRecords records,
      CallMediaSettingsRepository mediaSettings) {
    this.cloudApi = cloudApi;
    this.records = records;
    this.mediaSettings = mediaSettings;
  }

  @Override
  public AnswerOutcome answer(AnswerCall command) {
    try {
      cloudApi.preAccept(command.phoneNumberId(), command.wacid(), command.sdpAnswer());
    } catch (GraphApiException refused) {
      return refused(AnswerOutcome.Step.PRE_ACCEPT, refused);
    }
    try {
      CallMediaOptions media = media(command.phoneNumberId(), command.capture());
      cloudApi.accept(command.phoneNumberId(), command.wacid(), command.sdpAnswer(), command.bizOpaque(), media);
      captureRequested(command.bizOpaque(), command.wacid(), media);
    } catch (GraphApiException refused) {
      return refused(AnswerOutcome.Step.ACCEPT, refused);
    }
    if (command.connected() != null) {
      saveAgreed(command.connected(), "accept");
    }
    return AnswerOutcome.connected();
  }

  /** Whether Meta records and transcribes the call: the number's settings, with the call's own choice. */
  private CallMediaOptions media(String phoneNumberId, CallCapture choice) {
    return mediaSettings == null ? CallMediaOptions.NONE : mediaSettings.find(phoneNumberId).forCall(choice);
  }

  /**
   * Best effort: Meta has already agreed, so a failed write must not fail the step (an accept or
   * connect is never repeated); the call then only lacks its announcement outcome.
   */
  private void captureRequested(String callId, String wacid, CallMediaOptions media) {
    if (!media.any() || callId == null) {
      return;
    }
    try {
      mediaSettings.captureRequested(callId, wacid, media.recording(), media.transcription());
    } catch (RuntimeException e) {
      log.warn("call {}: recording requested of Meta, but not noted: {}", callId, e.toString());
    }
  }

  /** Meta's refusal (or no answer) as the outcome: the same details as the Temporal failure would carry. */
  private static AnswerOutcome refused(AnswerOutcome.Step step, GraphApiException e) {
    return new AnswerOutcome(step, e.errorDetails(), e.category().failureType() + ": " + e.getMessage());
  }

  @Override
  public String place(PlaceCall command) {
    CallMediaOptions media = media(command.phoneNumberId(), command.capture());
    String wacid = CloudApiCalls.get(() -> cloudApi.connect(command.phoneNumberId(), command.to(), command.sdpOffer(),
        command.bizOpaque(), media));
    captureRequested(command.bizOpaque(), wacid, media);
    if (command.placed() != null) {
      saveAgreed(placed(command.placed(), wacid), "connect");
    }
    return wacid;
  }

  @Override
  public void reject(String phoneNumberId, String wacid) {
    CloudApiCalls.run(() -> cloudApi.reject(phoneNumberId, wacid));
  }

  @Override
  public void terminate(String phoneNumberId, String wacid) {
    CloudApiCalls.run(() -> cloudApi.terminate(phoneNumberId, wacid));
  }

  private void saveAgreed(CallView view, String step) {
    try {
      records.save(view, RunIds.current());
    } catch (RuntimeException e) {
      log.error("{} of call {} succeeded at Meta but its record (version {}) could not be saved; the call's next"
          + " save brings the record up to date", step, view.id(), view.version(), e);
    }
  }

  /** The record once Meta placed the call: Meta's wacid, and the customer's phone rings. */
  static CallView placed(CallView v, String wacid) {
    return new CallView(v.id(), wacid, v.direction(), v.phoneNumberId(), v.customer(), v.agentId(),
        CallStatus.RINGING, v.outcome(), v.startedAt(), v.answeredAt(), v.endedAt(), v.durationSeconds(),
        v.durationEstimated(), v.disposition(), v.ringing(), v.ringAttempts(), v.sdpOffer(), v.sdpAnswer(),
        v.callbackRequestAllowed(), v.errorCode(), v.errorMessage(), v.failureReason(), v.hangUpBy(),
        v.wrapUpEndsAt(), v.timeline(), v.version(), v.asOf());
  }
}
