package io.wacall.workflows.call;

import io.wacall.contract.call.view.AgentChannel;
import io.wacall.contract.call.view.CallStatus;
import io.wacall.contract.call.view.CallView;
import io.wacall.workflows.billing.ChargeRequest;
import io.temporal.failure.ApplicationFailure;
import io.wacall.workflows.common.CloudApiErrorDetails;
import io.wacall.contract.failure.FailureTypes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The call workflows' outside world, in memory: a directory, Meta's Cloud API and the stores.
 * Records every call made and can be told what to answer. The real implementations are tested
 * against WireMock and PostgreSQL in the backend module.
 */
class FakeCallActivities implements CallDirectoryActivities, CallCloudApiActivities, CallRecordActivities {
  static final List<String> TAGS = List.of("Resolved", "Follow-up Required", "No Answer");

  final List<RingNotification> notified = new CopyOnWriteArrayList<>();
  final List<String> stoppedRinging = new CopyOnWriteArrayList<>();
  /** Every Cloud API call, as "action wacid [sdp] [bizOpaque]". */
  final List<String> cloudCalls = new CopyOnWriteArrayList<>();
  final List<CallView> recorded = new CopyOnWriteArrayList<>();
  private final Map<String, CallView> newestById = new ConcurrentHashMap<>();
  final List<ConversationEvent> conversation = new CopyOnWriteArrayList<>();
  final List<PermissionNotice> permission = new CopyOnWriteArrayList<>();
  final List<ChargeRequest> charges = new CopyOnWriteArrayList<>();
  final AtomicInteger connects = new AtomicInteger();
  final AtomicInteger checks = new AtomicInteger();
  /** How many directory reads fail before one succeeds (a database blip). */
  final AtomicInteger routingFailures = new AtomicInteger();
  final Set<String> unreachable = ConcurrentHashMap.newKeySet();
  /** What connect does, attempt by attempt: a failure, or null for success. Empty: success. */
  final Deque<Supplier<RuntimeException>> connectOutcomes = new ArrayDeque<>();
  volatile Routing routing;
  volatile OutboundCheck check;
  volatile Supplier<RuntimeException> preAcceptFailure;
  volatile Supplier<RuntimeException> acceptFailure;
  /** What CloseCall throws after writing its parts (as the ledger refusing the row last), or null. */
  volatile Supplier<RuntimeException> closeFailure;

  FakeCallActivities() {
    routing = routing(Duration.ofSeconds(10), Duration.ofSeconds(60), member("a-1"), member("a-2"), member("a-3"));
    check = allowed();
  }

  static RingMember member(String agentId) {
    return new RingMember(agentId, "Agent " + agentId, AgentChannel.WEB_APP, true);
  }

  static RingMember away(String agentId) {
    return new RingMember(agentId, "Agent " + agentId, AgentChannel.MOBILE_APP, false);
  }

  static Routing routing(Duration ringTimeout, Duration maxTotalRing, RingMember... members) {
    return new Routing("+5511955550123", "BR", true, List.of(members), ringTimeout, Duration.ofMinutes(5), true, TAGS,
        maxTotalRing);
  }

  static OutboundCheck allowed() {
    return new OutboundCheck(true, true, "BR", "Brazil", null, true, "TEMPORARY");
  }

  /** A failure as GraphApiException.toApplicationFailure() builds it. */
  static ApplicationFailure cloudFailure(String type, int httpStatus, Integer code, Instant retryAt, boolean ambiguous) {
    return ApplicationFailure.newNonRetryableFailure("Cloud API failed: HTTP " + httpStatus + ", code " + code, type,
        new CloudApiErrorDetails(type, httpStatus, code, null, retryAt, ambiguous, "trace"));
  }

  static ApplicationFailure readTimeout() {
    return cloudFailure(FailureTypes.CLOUD_API_TRANSIENT, 0, null, null, true);
  }

  void connectWill(Supplier<RuntimeException> outcome) {
    synchronized (connectOutcomes) {
      connectOutcomes.add(outcome);
    }
  }

  @Override
  public Routing loadRouting(String phoneNumberId) {
    if (routingFailures.getAndDecrement() > 0) {
      throw new IllegalStateException("the directory's database is unreachable");
    }
    return routing;
  }

  @Override
  public OutboundCheck checkOutbound(String phoneNumberId, String to) {
    checks.incrementAndGet();
    return check;
  }

  @Override
  public void ring(RingAgent command) {
    RingNotification notification = command.ring();
    if (unreachable.contains(notification.agentId())) {
      throw ApplicationFailure.newNonRetryableFailure("no device registered", "AgentUnreachable");
    }
    saved(command.call());
    notified.add(notification);
  }

  @Override
  public void save(CallView call) {
    saved(call);
  }

  @Override
  public void close(CloseCall command) {
    saved(command.call());
    if (command.conversation() != null) {
      conversation.add(command.conversation());
    }
    if (command.charge() != null) {
      charges.add(command.charge());
    }
    if (command.permission() != null) {
      permission.add(command.permission());
    }
    if (closeFailure != null) {
      throw closeFailure.get();
    }
  }

  @Override
  public AnswerOutcome answer(AnswerCall command) {
    if (preAcceptFailure != null) {
      return refused(AnswerOutcome.Step.PRE_ACCEPT, preAcceptFailure.get());
    }
    cloudCalls.add("pre_accept " + command.wacid() + " " + command.sdpAnswer());
    if (acceptFailure != null) {
      return refused(AnswerOutcome.Step.ACCEPT, acceptFailure.get());
    }
    cloudCalls.add("accept " + command.wacid() + " " + command.sdpAnswer() + " " + command.bizOpaque());
    saved(command.connected());
    return AnswerOutcome.connected();
  }

  /** As the real activity: a Cloud API failure becomes the step's outcome; anything else is thrown. */
  private static AnswerOutcome refused(AnswerOutcome.Step step, RuntimeException failure) {
    if (failure instanceof ApplicationFailure af && af.getDetails().getSize() > 0) {
      return new AnswerOutcome(step, af.getDetails().get(0, CloudApiErrorDetails.class),
          af.getType() + ": " + af.getOriginalMessage());
    }
    throw failure;
  }

  @Override
  public String place(PlaceCall command) {
    int attempt = connects.incrementAndGet();
    Supplier<RuntimeException> outcome;
    synchronized (connectOutcomes) {
      outcome = connectOutcomes.poll();
    }
    RuntimeException failure = outcome == null ? null : outcome.get();
    if (failure != null) {
      throw failure;
    }
    cloudCalls.add("connect " + command.to() + " " + command.sdpOffer() + " " + command.bizOpaque());
    String wacid = "wacid.out-" + command.bizOpaque().substring(command.bizOpaque().indexOf(':') + 1) + "-" + attempt;
    CallView p = command.placed();
    saved(new CallView(p.id(), wacid, p.direction(), p.phoneNumberId(), p.customer(), p.agentId(), CallStatus.RINGING,
        p.outcome(), p.startedAt(), p.answeredAt(), p.endedAt(), p.durationSeconds(), p.durationEstimated(),
        p.disposition(), p.ringing(), p.ringAttempts(), p.sdpOffer(), p.sdpAnswer(), p.callbackRequestAllowed(),
        p.errorCode(), p.errorMessage(), p.failureReason(), p.hangUpBy(), p.wrapUpEndsAt(), p.timeline(),
        p.version(), p.asOf()));
    return wacid;
  }

  @Override
  public void reject(String phoneNumberId, String wacid) {
    cloudCalls.add("reject " + wacid);
  }

  @Override
  public void terminate(String phoneNumberId, String wacid) {
    cloudCalls.add("terminate " + wacid);
  }

  /**
   * As the call record store: a snapshot older than the newest is ignored; the agents' ringing follows
   * the newest snapshot, so an agent no longer named stops ringing.
   */
  private synchronized void saved(CallView call) {
    CallView newest = newestById.get(call.id());
    recorded.add(call);
    if (newest != null && call.version() <= newest.version()) {
      return;
    }
    newestById.put(call.id(), call);
    String was = newest == null || newest.ringing() == null ? null : newest.ringing().agentId();
    String now = call.ringing() == null ? null : call.ringing().agentId();
    if (was != null && !was.equals(now)) {
      stoppedRinging.add(was);
    }
  }


  List<String> cloudActions() {
    return cloudCalls.stream().map(c -> c.split(" ")[0]).toList();
  }

  /** The stored record of the call saved last (the newest version of it, as the store keeps). */
  CallView lastRecorded() {
    return recorded.isEmpty() ? null : newestById.get(recorded.get(recorded.size() - 1).id());
  }
}
