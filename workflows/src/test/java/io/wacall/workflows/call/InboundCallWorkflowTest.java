package io.wacall.workflows.call;

import io.wacall.contract.call.InboundCallWorkflow;
import io.wacall.contract.call.command.AnswerRequest;
import io.wacall.contract.call.command.DeclineRequest;
import io.wacall.contract.call.command.HangUpRequest;
import io.wacall.contract.call.command.InboundCallInput;
import io.wacall.contract.call.signal.CallWebhookEvent;
import io.wacall.contract.call.view.AnswerResult;
import io.wacall.contract.call.view.CallDirection;
import io.wacall.contract.call.view.CallOutcome;
import io.wacall.contract.call.view.CallStatus;
import io.wacall.contract.call.view.CallView;
import io.wacall.contract.call.view.RingAttempt;
import io.wacall.contract.failure.CallRefusal;
import static io.wacall.workflows.call.FakeCallActivities.away;
import static io.wacall.workflows.call.FakeCallActivities.member;
import static io.wacall.workflows.call.FakeCallActivities.routing;
import static io.wacall.workflows.call.Refusals.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import io.wacall.contract.WacallSearchAttributes;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.wacall.workflows.common.TestSearchAttributes;
import io.temporal.worker.Worker;
import io.wacall.contract.call.view.RingAttempt.Result;
import io.wacall.contract.failure.FailureTypes;
import io.wacall.contract.WorkflowIds;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ring group, answers, declines, hang-ups, webhooks in any order and the end of the call, on the
 * time-skipping test server. The fake directory rings a-1, a-2, a-3 for 10 s each, under a 60 s
 * ceiling, with a 5 min wrap-up.
 */
class InboundCallWorkflowTest {
  static final String PHONE = "106540352242922";
  static final String CALLER = "5521987650001";
  static final String OFFER = "v=0 offer";
  static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
  static final AtomicInteger calls = new AtomicInteger();

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow = TestSearchAttributes.registered(TestWorkflowExtension.newBuilder())
      .registerWorkflowImplementationTypes(InboundCallWorkflowImpl.class)
      .setDoNotStart(true)
      .setInitialTime(START)
      .build();

  /** A fresh outside world per test. */
  private FakeCallActivities activities;
  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private String taskQueue;
  private String wacid;

  @BeforeEach
  void setUp(TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    this.env = env;
    this.client = client;
    this.taskQueue = worker.getTaskQueue();
    this.wacid = "wacid.HBgLMTIxODU1NTI4MjgVAgARGCA-" + calls.incrementAndGet();
    activities = new FakeCallActivities();
    worker.registerActivitiesImplementations(activities);
    env.start();
  }

  @Test
  void givenNobodyAnswers_eachMemberIsRungInTurnForTheTimeout_andTheCallIsRejectedLoggedAsMissedAndOffersACallback() {
    InboundCallWorkflow call = startWith(connect(now()));
    CallView last = result(call);

    assertThat(activities.notified).extracting(RingNotification::agentId).containsExactly("a-1", "a-2", "a-3");
    for (int i = 0; i < 3; i++) {
      RingNotification ring = activities.notified.get(i);
      // the test server's clock also moves with wall time between skips: allow for it
      assertThat(ring.ringingSince()).isCloseTo(START.plusSeconds(10L * i), within(Duration.ofSeconds(1)));
      assertThat(ring.ringExpiresAt()).isEqualTo(ring.ringingSince().plusSeconds(10));
      assertThat(ring.from()).isEqualTo(CALLER);
      assertThat(ring.callId()).isEqualTo(WorkflowIds.inboundCall(wacid));
    }
    assertThat(last.outcome()).isEqualTo(CallOutcome.MISSED);
    assertThat(last.status()).isEqualTo(CallStatus.ENDED);
    assertThat(last.ringAttempts()).extracting(RingAttempt::result).containsOnly(Result.TIMED_OUT).hasSize(3);
    assertThat(activities.cloudCalls).containsExactly("reject " + wacid);
    assertThat(activities.stoppedRinging).containsExactlyInAnyOrder("a-1", "a-2", "a-3");
    assertThat(activities.conversation).singleElement().satisfies(e -> {
      assertThat(e.type()).isEqualTo(ConversationEvent.Type.MISSED_CALL);
      assertThat(e.outcome()).isEqualTo(CallOutcome.MISSED);
      assertThat(e.waId()).isEqualTo(CALLER);
      assertThat(e.callbackRequestAllowed()).isTrue();
    });
    assertThat(last.callbackRequestAllowed()).isTrue();
    assertThat(activities.charges).singleElement().satisfies(c -> {
      assertThat(c.connectedSeconds()).isZero();
      assertThat(c.direction()).isEqualTo(CallDirection.USER_INITIATED);
      assertThat(c.callId()).isEqualTo(WorkflowIds.inboundCall(wacid));
    });
    assertThat(activities.permission).isEmpty();
    // the run ends with the call; the API takes the disposition until the window on the record closes
    assertThat(last.disposition()).isNull();
    assertThat(last.wrapUpEndsAt()).isEqualTo(last.endedAt().plus(Duration.ofMinutes(5)));
    assertThat(activities.lastRecorded().version()).isEqualTo(last.version());
  }

  @Test
  void aRingingCallShowsItsNumberAndDirectionAsSearchAttributes_itsFinalStatusAtTheEnd_andItsStepAsDetails() {
    startWith(connect(now()));
    awaitRinging(1);
    await().untilAsserted(() -> {
      WorkflowExecutionDescription described = client.newUntypedWorkflowStub(WorkflowIds.inboundCall(wacid)).describe();
      SearchAttributes attributes = described.getTypedSearchAttributes();
      assertThat(attributes.get(WacallSearchAttributes.PHONE_NUMBER_ID)).isEqualTo(PHONE);
      assertThat(attributes.get(WacallSearchAttributes.CALL_DIRECTION)).isEqualTo("USER_INITIATED");
      // set once, at the end (each upsert is a billable action; a running call is found by its execution status)
      assertThat(attributes.get(WacallSearchAttributes.CALL_STATUS)).isNull();
      assertThat(attributes.get(WacallSearchAttributes.AGENT_ID)).isNull();
      // no customer number in anything the server stores unencrypted
      assertThat(attributes.toString()).doesNotContain(CALLER);
    });
    String details = client.newUntypedWorkflowStub(WorkflowIds.inboundCall(wacid))
        .query("__temporal_workflow_metadata", io.temporal.api.sdk.v1.WorkflowMetadata.class).getCurrentDetails();
    assertThat(details).contains("ringing").contains("a-1").doesNotContain(CALLER);
  }

  @Test
  void aDeclineRingsTheNextMemberAtOnce() {
    InboundCallWorkflow call = startWith(connect(now()));
    awaitRinging(1);
    env.sleep(Duration.ofSeconds(2));
    CallView view = call.decline(new DeclineRequest("a-1", "busy"));
    assertThat(view.timeline()).anyMatch(t -> t.event().equals("declined by a-1"));

    awaitRinging(2);
    assertThat(activities.notified.get(1).agentId()).isEqualTo("a-2");
    assertThat(activities.notified.get(1).ringingSince()).isCloseTo(START.plusSeconds(2), within(Duration.ofMillis(500)));
    CallView last = result(call);
    assertThat(last.ringAttempts()).extracting(RingAttempt::result)
        .containsExactly(Result.DECLINED, Result.TIMED_OUT, Result.TIMED_OUT);
    assertThat(last.outcome()).isEqualTo(CallOutcome.MISSED);
  }

  @Test
  void whenEveryMemberDeclines_theCallIsDeclinedAndRejected() {
    InboundCallWorkflow call = startWith(connect(now()));
    for (int i = 1; i <= 3; i++) {
      awaitRinging(i);
      call.decline(new DeclineRequest("a-" + i, null));
    }
    CallView last = result(call);
    assertThat(last.outcome()).isEqualTo(CallOutcome.DECLINED);
    assertThat(activities.cloudCalls).containsExactly("reject " + wacid);
    assertThat(activities.conversation).singleElement()
        .satisfies(e -> assertThat(e.outcome()).isEqualTo(CallOutcome.DECLINED));
  }

  @Test
  void whenTheCallerHangsUpWhileRinging_theCallIsAbandonedAndNotRejected() {
    InboundCallWorkflow call = startWith(connect(now()));
    awaitRinging(1);
    env.sleep(Duration.ofSeconds(4));
    call.callEvent(terminate(now(), null));

    CallView last = result(call);
    assertThat(last.outcome()).isEqualTo(CallOutcome.ABANDONED);
    assertThat(last.ringAttempts()).extracting(RingAttempt::result).containsExactly(Result.CALLER_HUNG_UP);
    assertThat(activities.notified).hasSize(1);
    assertThat(activities.cloudCalls).isEmpty();
    assertThat(activities.stoppedRinging).containsExactly("a-1");
    assertThat(activities.conversation).singleElement().satisfies(e -> {
      assertThat(e.type()).isEqualTo(ConversationEvent.Type.MISSED_CALL);
      assertThat(e.outcome()).isEqualTo(CallOutcome.ABANDONED);
    });
  }

  @Test
  void anAnswerByAMemberWhoIsNotBeingRungIsRefused_andTheMemberBeingRungStillGetsTheCall() {
    InboundCallWorkflow call = startWith(connect(now()));
    awaitRinging(1);

    CallRefusal refusal = refused(() -> call.answer(new AnswerRequest("a-2", "v=0 answer-2")),
        FailureTypes.NOT_RINGING_FOR_AGENT);
    assertThat(refusal.code()).isEqualTo("NOT_RINGING_FOR_AGENT");
    refused(() -> call.answer(new AnswerRequest("a-1", " ")), FailureTypes.INVALID_REQUEST);
    assertThat(activities.cloudCalls).isEmpty();

    AnswerResult answer = call.answer(new AnswerRequest("a-1", "v=0 answer-1"));
    assertThat(answer.gotCall()).isTrue();
    assertThat(answer.status()).isEqualTo(CallStatus.CONNECTED);
    assertThat(activities.cloudCalls).containsExactly("pre_accept " + wacid + " v=0 answer-1",
        "accept " + wacid + " v=0 answer-1 " + WorkflowIds.inboundCall(wacid));
    refused(() -> call.answer(new AnswerRequest("a-1", "v=0 again")), FailureTypes.NOT_RINGING_FOR_AGENT);
    // AnswerCall saved the connected call once Meta accepted: the ring of a-1 ended with it
    assertThat(activities.lastRecorded().status()).isEqualTo(CallStatus.CONNECTED);
    assertThat(activities.stoppedRinging).containsExactly("a-1");
    CallView state = call.state();
    assertThat(state.agentId()).isEqualTo("a-1");
    assertThat(state.status()).isEqualTo(CallStatus.CONNECTED);
    assertThat(state.ringAttempts()).extracting(RingAttempt::result).containsExactly(Result.ANSWERED);
    assertThat(activities.notified).hasSize(1);
  }

  @Test
  void aConnectedCall_endsOnHangUpWithATerminate_isChargedMetasDuration_toldToCallPermission_andOpensTheWrapUp() {
    InboundCallWorkflow call = startWith(connect(now()));
    awaitRinging(1);
    call.answer(new AnswerRequest("a-1", "v=0 answer"));
    env.sleep(Duration.ofSeconds(40));

    refused(() -> call.hangUp(new HangUpRequest("a-2")), FailureTypes.NOT_IN_CALL);
    CallView afterHangUp = call.hangUp(new HangUpRequest("a-1"));
    assertThat(afterHangUp.hangUpBy()).isEqualTo("a-1");
    assertThat(activities.cloudActions()).containsExactly("pre_accept", "accept", "terminate");
    assertThat(activities.charges).isEmpty(); // Meta's duration has not come yet

    call.callEvent(terminate(now(), 41));
    await().until(() -> !activities.charges.isEmpty());
    assertThat(activities.charges).singleElement().satisfies(c -> {
      assertThat(c.connectedSeconds()).isEqualTo(41);
      assertThat(c.direction()).isEqualTo(CallDirection.USER_INITIATED);
      assertThat(c.customerNumber()).isEqualTo(CALLER); // the customer decides the ledger row's region and market
    });

    assertThat(activities.permission).singleElement().satisfies(p -> {
      assertThat(p.kind()).isEqualTo(PermissionNotice.Kind.CONNECTED);
      assertThat(p.waId()).isEqualTo(CALLER);
      assertThat(p.wacid()).isEqualTo(wacid);
    });

    CallView last = result(call);
    assertThat(last.outcome()).isEqualTo(CallOutcome.COMPLETED);
    assertThat(last.durationSeconds()).isEqualTo(41);
    assertThat(last.durationEstimated()).isFalse();
    assertThat(activities.conversation).singleElement()
        .satisfies(e -> assertThat(e.type()).isEqualTo(ConversationEvent.Type.CALL));
    // the run ends with the call: the disposition is the API's, until the window on the record closes
    assertThat(last.disposition()).isNull();
    assertThat(last.wrapUpEndsAt()).isEqualTo(last.endedAt().plus(Duration.ofMinutes(5)));
    assertThat(activities.lastRecorded().version()).isEqualTo(last.version()); // CloseCall saved the final state
    SearchAttributes attributes = client.newUntypedWorkflowStub(WorkflowIds.inboundCall(wacid)).describe()
        .getTypedSearchAttributes();
    assertThat(attributes.get(WacallSearchAttributes.CALL_STATUS)).isEqualTo("ENDED");
    assertThat(attributes.get(WacallSearchAttributes.AGENT_ID)).isEqualTo("a-1"); // "all calls an agent answered"
  }

  @Test
  void unavailableMembersAreSkipped() {
    activities.routing = routing(Duration.ofSeconds(10), Duration.ofSeconds(60),
        away("a-1"), member("a-2"), away("a-3"), member("a-4"));
    InboundCallWorkflow call = startWith(connect(now()));
    awaitRinging(1);
    assertThat(call.state().ringing().position()).isEqualTo(1);
    assertThat(call.state().ringing().of()).isEqualTo(2);

    CallView last = result(call);
    assertThat(activities.notified).extracting(RingNotification::agentId).containsExactly("a-2", "a-4");
    assertThat(last.ringAttempts()).extracting(RingAttempt::agentId).containsExactly("a-2", "a-4");
  }

  @Test
  void aMemberWhoCannotBeNotifiedIsSkipped() {
    activities.unreachable.add("a-1");
    CallView last = result(startWith(connect(now())));
    assertThat(last.ringAttempts()).extracting(RingAttempt::result)
        .containsExactly(Result.UNREACHABLE, Result.TIMED_OUT, Result.TIMED_OUT);
    assertThat(activities.notified).extracting(RingNotification::agentId).containsExactly("a-2", "a-3");
  }

  @Test
  void theRingCeilingShortensTheLastTurnAndRingsNobodyPastIt() {
    activities.routing = routing(Duration.ofSeconds(10), Duration.ofSeconds(27),
        member("a-1"), member("a-2"), member("a-3"), member("a-4"));
    Instant connectedAt = now();
    CallView last = result(startWith(connect(connectedAt)));

    assertThat(activities.notified).extracting(RingNotification::agentId).containsExactly("a-1", "a-2", "a-3");
    List<Duration> turns = activities.notified.stream()
        .map(r -> Duration.between(r.ringingSince(), r.ringExpiresAt())).toList();
    assertThat(turns.subList(0, 2)).containsOnly(Duration.ofSeconds(10));
    assertThat(turns.get(2)).isBetween(RingPlan.MIN_RING, Duration.ofSeconds(7));
    assertThat(activities.notified.get(2).ringExpiresAt()).isEqualTo(connectedAt.plusSeconds(27));
    assertThat(last.timeline()).anyMatch(t -> t.event().equals("ring ceiling reached"));
    assertThat(last.outcome()).isEqualTo(CallOutcome.MISSED);
  }

  @Test
  void theCeilingCountsFromMetasConnect_soAConnectDeliveredLateRingsNobodyAndIsMissed() {
    CallView last = result(startWith(connect(now().minusSeconds(58))));
    assertThat(activities.notified).isEmpty();
    assertThat(last.outcome()).isEqualTo(CallOutcome.MISSED);
    assertThat(activities.cloudCalls).containsExactly("reject " + wacid);
  }

  @Test
  void aTerminateWithMetasErrorWhileRingingFailsTheCallWithThatError() {
    InboundCallWorkflow call = startWith(connect(now()));
    awaitRinging(1);
    call.callEvent(CallWebhookEvent.terminate(wacid, now(), "FAILED", null, null, null, 131044,
        "No valid payment method", CALLER, "5511955550123", "USER_INITIATED"));
    CallView last = result(call);
    assertThat(last.outcome()).isEqualTo(CallOutcome.FAILED);
    assertThat(last.errorCode()).isEqualTo(131044);
    assertThat(last.errorMessage()).isEqualTo("No valid payment method");
    assertThat(last.callbackRequestAllowed()).isFalse();
    assertThat(activities.cloudCalls).isEmpty();
  }

  @Test
  void aTerminateBeforeItsConnectEndsTheCallWithoutRingingAnyone() {
    InboundCallWorkflow call = startWith(terminate(now(), null));
    try {
      call.callEvent(connect(now().minusSeconds(1)));
    } catch (WorkflowNotFoundException ended) {
      // the terminate ended the call first: the adapter drops an event for a closed call
    }

    CallView last = result(call);
    assertThat(last.outcome()).isEqualTo(CallOutcome.ABANDONED);
    assertThat(last.customer()).isEqualTo(CALLER);
    assertThat(activities.notified).isEmpty();
    assertThat(activities.cloudCalls).isEmpty();
    assertThat(activities.conversation).singleElement()
        .satisfies(e -> assertThat(e.outcome()).isEqualTo(CallOutcome.ABANDONED));
  }

  @Test
  void duplicateAndOutOfOrderWebhooksLeaveOneConsistentCall() {
    InboundCallWorkflow call = startWith(connect(now()));
    awaitRinging(1);
    long version = call.state().version();
    call.callEvent(connect(now()));
    call.callEvent(connect(now()));
    assertThat(call.state().version()).isEqualTo(version);

    call.answer(new AnswerRequest("a-1", "v=0 answer"));
    env.sleep(Duration.ofSeconds(30));
    Instant end = now();
    call.callEvent(terminate(end, 30));
    call.callEvent(terminate(end.plusSeconds(5), 35)); // a second terminate: the first one stands
    call.callEvent(CallWebhookEvent.status("wacid.someone-else", end, "RINGING"));
    call.callEvent(connect(end.minusSeconds(31))); // a redelivered connect, late

    CallView last = result(call);
    assertThat(last.outcome()).isEqualTo(CallOutcome.COMPLETED);
    assertThat(last.durationSeconds()).isEqualTo(30);
    assertThat(activities.charges).singleElement().satisfies(c -> assertThat(c.connectedSeconds()).isEqualTo(30));
    assertThat(activities.notified).hasSize(1);
    assertThat(activities.permission).hasSize(1);
    assertThat(last.timeline()).filteredOn(t -> t.event().equals("terminate webhook")).hasSize(1);
    assertThat(last.timeline()).filteredOn(t -> t.event().equals("connect webhook")).hasSize(1);
    assertThat(last.timeline()).anyMatch(t -> t.event().equals("webhook of another call ignored"));
  }

  @Test
  void aFailedAcceptFailsTheCallCleanly() {
    activities.acceptFailure = () -> FakeCallActivities.cloudFailure(FailureTypes.CLOUD_API_REJECTED, 400, 100, null,
        false);
    InboundCallWorkflow call = startWith(connect(now()));
    awaitRinging(1);

    AnswerResult answer = call.answer(new AnswerRequest("a-1", "v=0 answer"));
    assertThat(answer.gotCall()).isFalse();
    assertThat(answer.reason()).isEqualTo("ACCEPT_FAILED");
    CallView last = result(call);
    assertThat(last.outcome()).isEqualTo(CallOutcome.FAILED);
    assertThat(last.failureReason()).isEqualTo("ACCEPT_FAILED");
    assertThat(last.errorCode()).isEqualTo(100);
    assertThat(last.ringAttempts()).extracting(RingAttempt::result).containsExactly(Result.ANSWER_FAILED);
    assertThat(activities.cloudActions()).containsExactly("pre_accept", "reject");
    assertThat(activities.permission).isEmpty();
    assertThat(activities.notified).hasSize(1);
  }

  @Test
  void whenMetaRefusesTheAgentsSdpAtPreAccept_theNextMemberIsRung() {
    activities.preAcceptFailure = () -> FakeCallActivities.cloudFailure(FailureTypes.CLOUD_API_REJECTED, 400, 100,
        null, false);
    InboundCallWorkflow call = startWith(connect(now()));
    awaitRinging(1);
    AnswerResult answer = call.answer(new AnswerRequest("a-1", "v=0 broken"));
    assertThat(answer.gotCall()).isFalse();
    assertThat(answer.reason()).isEqualTo("PRE_ACCEPT_FAILED");

    awaitRinging(2);
    activities.preAcceptFailure = null;
    assertThat(call.answer(new AnswerRequest("a-2", "v=0 good")).gotCall()).isTrue();
    assertThat(call.state().ringAttempts()).extracting(RingAttempt::result)
        .containsExactly(Result.ANSWER_FAILED, Result.ANSWERED);
  }

  // --- helpers

  @Test
  void aDirectoryThatFailsForAFewSecondsIsRetried_andTheCallStillRings() {
    activities.routingFailures.set(6); // about 4 s of failing reads: more than a few quick attempts
    InboundCallWorkflow call = startWith(connect(now()));
    awaitRinging(1);
    assertThat(activities.notified.get(0).agentId()).isEqualTo("a-1");
    assertThat(call.answer(new AnswerRequest("a-1", "v=0 answer")).gotCall()).isTrue();
  }

  @Test
  void aLedgerThatRefusesTheRowDoesNotFailTheCall_theRefusalIsInItsRecord() {
    activities.closeFailure = () -> ApplicationFailure.newNonRetryableFailure("call id already charged with other figures",
        "ChargeConflict");
    InboundCallWorkflow call = startWith(connect(now()));
    awaitRinging(1);
    call.answer(new AnswerRequest("a-1", "v=0 answer"));
    env.sleep(Duration.ofSeconds(12));
    call.callEvent(terminate(now(), 12));

    CallView last = result(call);
    assertThat(last.outcome()).isEqualTo(CallOutcome.COMPLETED);
    assertThat(last.timeline()).anySatisfy(t -> {
      assertThat(t.event()).isEqualTo("close refused");
      assertThat(t.detail()).contains("ChargeConflict");
    });
    assertThat(activities.charges).hasSize(1);
  }

  private InboundCallWorkflow startWith(CallWebhookEvent first) {
    InboundCallWorkflow call = client.newWorkflowStub(InboundCallWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(WorkflowIds.inboundCall(wacid))
        .setTaskQueue(taskQueue)
        .setTypedSearchAttributes(SearchAttributes.newBuilder() // as the webhook adapter starts it
            .set(WacallSearchAttributes.PHONE_NUMBER_ID, PHONE)
            .set(WacallSearchAttributes.CALL_DIRECTION, CallDirection.USER_INITIATED.name())
            .build())
        .build());
    BatchRequest request = client.newSignalWithStartRequest();
    request.add(call::run, new InboundCallInput(wacid, PHONE, null));
    request.add(call::callEvent, first);
    client.signalWithStart(request);
    return call;
  }

  private CallWebhookEvent connect(Instant at) {
    return CallWebhookEvent.connect(wacid, at, OFFER, CALLER, "5511955550123", "USER_INITIATED");
  }

  private CallWebhookEvent terminate(Instant at, Integer duration) {
    return CallWebhookEvent.terminate(wacid, at, "COMPLETED", duration,
        duration == null ? null : at.minusSeconds(duration), duration == null ? null : at, null, null, CALLER,
        "5511955550123", "USER_INITIATED");
  }

  private void awaitRinging(int members) {
    await().until(() -> activities.notified.size() >= members);
  }

  private static CallView result(InboundCallWorkflow call) {
    return WorkflowStub.fromTyped(call).getResult(CallView.class);
  }

  private Instant now() {
    return Instant.ofEpochMilli(env.currentTimeMillis());
  }
}
