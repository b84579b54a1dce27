package io.wacall.workflows.call;

import io.wacall.contract.call.view.AgentChannel;
import io.wacall.contract.call.view.CallView;
import io.temporal.failure.ApplicationFailure;
import io.wacall.workflows.common.CloudApiErrorDetails;
import io.wacall.contract.failure.FailureTypes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
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
class FakeCallActivities implements CallActivities {
  static final List<String> TAGS = List.of("Resolved", "Follow-up Required", "No Answer");

  final List<RingNotification> notified = new CopyOnWriteArrayList<>();
  final List<String> stoppedRinging = new CopyOnWriteArrayList<>();
  /** Every Cloud API call, as "action wacid [sdp] [bizOpaque]". */
  final List<String> cloudCalls = new CopyOnWriteArrayList<>();
  final List<CallView> recorded = new CopyOnWriteArrayList<>();
  final List<ConversationEvent> conversation = new CopyOnWriteArrayList<>();
  final List<PermissionNotice> permission = new CopyOnWriteArrayList<>();
  final List<CallChargeRequest> charges = new CopyOnWriteArrayList<>();
  final AtomicInteger connects = new AtomicInteger();
  final AtomicInteger checks = new AtomicInteger();
  final Set<String> unreachable = ConcurrentHashMap.newKeySet();
  /** What connect does, attempt by attempt: a failure, or null for success. Empty: success. */
  final Deque<Supplier<RuntimeException>> connectOutcomes = new ArrayDeque<>();
  volatile Routing routing;
  volatile OutboundCheck check;
  volatile Supplier<RuntimeException> preAcceptFailure;
  volatile Supplier<RuntimeException> acceptFailure;

  void reset() {
    notified.clear();
    stoppedRinging.clear();
    cloudCalls.clear();
    recorded.clear();
    conversation.clear();
    permission.clear();
    charges.clear();
    connects.set(0);
    checks.set(0);
    unreachable.clear();
    synchronized (connectOutcomes) {
      connectOutcomes.clear();
    }
    routing = routing(Duration.ofSeconds(10), Duration.ofSeconds(60), member("a-1"), member("a-2"), member("a-3"));
    check = allowed();
    preAcceptFailure = null;
    acceptFailure = null;
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
    return routing;
  }

  @Override
  public void notifyAgent(RingNotification notification) {
    if (unreachable.contains(notification.agentId())) {
      throw ApplicationFailure.newNonRetryableFailure("no device registered", "AgentUnreachable");
    }
    notified.add(notification);
  }

  @Override
  public void stopRinging(String callId, String agentId) {
    stoppedRinging.add(agentId);
  }

  @Override
  public void preAccept(String phoneNumberId, String wacid, String sdpAnswer) {
    if (preAcceptFailure != null) {
      throw preAcceptFailure.get();
    }
    cloudCalls.add("pre_accept " + wacid + " " + sdpAnswer);
  }

  @Override
  public void accept(String phoneNumberId, String wacid, String sdpAnswer, String bizOpaque) {
    if (acceptFailure != null) {
      throw acceptFailure.get();
    }
    cloudCalls.add("accept " + wacid + " " + sdpAnswer + " " + bizOpaque);
  }

  @Override
  public void reject(String phoneNumberId, String wacid) {
    cloudCalls.add("reject " + wacid);
  }

  @Override
  public void terminate(String phoneNumberId, String wacid) {
    cloudCalls.add("terminate " + wacid);
  }

  @Override
  public String connect(String phoneNumberId, String to, String sdpOffer, String bizOpaque) {
    int attempt = connects.incrementAndGet();
    Supplier<RuntimeException> outcome;
    synchronized (connectOutcomes) {
      outcome = connectOutcomes.poll();
    }
    RuntimeException failure = outcome == null ? null : outcome.get();
    if (failure != null) {
      throw failure;
    }
    cloudCalls.add("connect " + to + " " + sdpOffer + " " + bizOpaque);
    return "wacid.out-" + bizOpaque.substring(bizOpaque.indexOf(':') + 1) + "-" + attempt;
  }

  @Override
  public OutboundCheck checkOutbound(String phoneNumberId, String to) {
    checks.incrementAndGet();
    return check;
  }

  @Override
  public void recordCall(CallView snapshot) {
    recorded.add(snapshot);
  }

  @Override
  public void logConversationEvent(ConversationEvent event) {
    conversation.add(event);
  }

  @Override
  public void notifyPermission(PermissionNotice notice) {
    permission.add(notice);
  }

  @Override
  public void recordCharge(CallChargeRequest charge) {
    charges.add(charge);
  }

  List<String> cloudActions() {
    return cloudCalls.stream().map(c -> c.split(" ")[0]).toList();
  }

  CallView lastRecorded() {
    return recorded.stream().reduce((a, b) -> b.version() >= a.version() ? b : a).orElse(null);
  }
}
