package io.wacall.sandbox.call;

import io.wacall.sandbox.SandboxIds;
import io.wacall.sandbox.SandboxProperties;
import io.wacall.sandbox.SandboxScheduler;
import io.wacall.sandbox.SandboxTime;
import io.wacall.sandbox.analytics.BilledCalls;
import io.wacall.sandbox.Sdp;
import io.wacall.sandbox.call.Call.State;
import io.wacall.sandbox.customer.Customer;
import io.wacall.sandbox.customer.CustomerBehaviour;
import io.wacall.sandbox.customer.Customers;
import io.wacall.sandbox.customer.MetaLimits;
import io.wacall.sandbox.customer.Relationship;
import io.wacall.sandbox.graph.GraphError;
import io.wacall.sandbox.webhook.CallDirection;
import io.wacall.sandbox.webhook.CallLeg;
import io.wacall.sandbox.webhook.Webhook;
import io.wacall.sandbox.webhook.WebhookSender;
import io.wacall.sandbox.webhook.Webhooks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * Calls in both directions, with Meta's side of the signalling (docs/meta-cloud-api.md#call-actions) and the customer's
 * side played from their behaviour. Each transition runs under the customer's lock and queues its
 * webhooks there, so they leave in the order things happened.
 */
@Component
public class Calls {
  private static final Logger log = LoggerFactory.getLogger(Calls.class);
  private static final String OFFER = "offer";
  private static final String ANSWER = "answer";

  /** Calls that have not ended, by wacid. */
  private final ConcurrentMap<String, Call> live = new ConcurrentHashMap<>();

  private final Customers customers;
  private final SandboxIds ids;
  private final SandboxTime time;
  private final SandboxScheduler scheduler;
  private final Webhooks webhooks;
  private final WebhookSender sender;
  private final Duration userCallAcceptTimeout;
  private final MediaAfterCall media;
  private final BilledCalls billed;

  public Calls(
      Customers customers,
      SandboxIds ids,
      SandboxTime time,
      SandboxScheduler scheduler,
      Webhooks webhooks,
      WebhookSender sender,
      SandboxProperties properties,
      MediaAfterCall media,
      BilledCalls billed) {
    this.media = media;
    this.billed = billed;
    this.customers = customers;
    this.ids = ids;
    this.time = time;
    this.scheduler = scheduler;
    this.webhooks = webhooks;
    this.sender = sender;
    this.userCallAcceptTimeout = properties.userCallAcceptTimeout();
  }

  // ---- the business, through POST /calls ----

  /**
   * connect: a business-initiated call, if the customer granted permission (138006), the daily cap
   * of connected calls allows it (138012) and no call with them is in progress (138003). The phone
   * rings at once; the customer answers, rejects or ignores it as their behaviour says.
   */
  public String connect(String phoneNumberId, String waId, String bizOpaqueCallbackData, String sdpOffer,
      Capture capture) {
    Customer customer = customers.get(waId);
    return customer.locked(
        () -> {
          Instant now = time.now();
          Relationship relationship = customer.relationship(phoneNumberId);
          if (!relationship.mayCall(now)) {
            throw GraphError.noCallPermission();
          }
          Optional<Instant> nextCallAllowedAt = relationship.nextCallAllowedAt(now);
          if (nextCallAllowedAt.isPresent()) {
            throw GraphError.connectedCallLimit(nextCallAllowedAt.get());
          }
          refuseIfInProgress(phoneNumberId, waId);
          CustomerBehaviour behaviour = customer.behaviour();
          CallLeg leg =
              new CallLeg(
                  phoneNumberId,
                  ids.callId(),
                  CallDirection.BUSINESS_INITIATED,
                  waId,
                  behaviour.profileName(),
                  bizOpaqueCallbackData);
          Call call = new Call(customer, leg, behaviour.talk());
          call.businessSdp = sdpOffer;
          call.capture = capture;
          live.put(call.id(), call);
          sender.enqueue(webhooks.callStatus(leg, "RINGING", now));
          call.timer =
              switch (behaviour.callBehaviour()) {
                case ANSWER ->
                    scheduler.schedule(behaviour.answerAfter(), () -> customerAnswers(call));
                case REJECT ->
                    scheduler.schedule(behaviour.answerAfter(), () -> customerRejects(call));
                case IGNORE -> null; // rings until the business terminates
              };
          return call.id();
        });
  }

  /** pre_accept of a user-initiated call: ICE and DTLS may start before accept. */
  public void preAccept(String phoneNumberId, String callId, String sdp) {
    Call call = liveCall(phoneNumberId, callId);
    call.customer.locked(
        () -> {
          requireUserInitiated(call, "pre_accept");
          requireState(call, EnumSet.of(State.RINGING), "pre_accept");
          call.state = State.PRE_ACCEPTED;
          call.preAcceptedSdp = sdp;
          call.businessSdp = sdp;
        });
  }

  /**
   * accept of a user-initiated call; the SDP must be the one sent with pre_accept (docs/meta-cloud-api.md#sdp).
   * The customer then talks for the time given when the call was placed, and hangs up.
   */
  public void accept(
      String phoneNumberId, String callId, String sdp, String bizOpaqueCallbackData, Capture capture) {
    Call call = liveCall(phoneNumberId, callId);
    call.customer.locked(
        () -> {
          requireUserInitiated(call, "accept");
          requireState(call, EnumSet.of(State.RINGING, State.PRE_ACCEPTED), "accept");
          if (call.preAcceptedSdp != null && !call.preAcceptedSdp.equals(sdp)) {
            throw GraphError.invalidParameter(
                "The SDP sent with accept must equal the one sent with pre_accept");
          }
          if (bizOpaqueCallbackData != null) {
            CallLeg leg = call.leg;
            call.leg =
                new CallLeg(
                    leg.phoneNumberId(),
                    leg.callId(),
                    leg.direction(),
                    leg.waId(),
                    leg.profileName(),
                    bizOpaqueCallbackData);
          }
          call.businessSdp = sdp;
          call.capture = capture;
          connected(call, time.now());
        });
  }

  /** reject of a user-initiated call that has not been accepted. */
  public void reject(String phoneNumberId, String callId) {
    Call call = liveCall(phoneNumberId, callId);
    call.customer.locked(
        () -> {
          requireUserInitiated(call, "reject");
          requireState(call, EnumSet.of(State.RINGING, State.PRE_ACCEPTED), "reject");
          List<Webhook> out = new ArrayList<>();
          end(call, time.now(), out);
          sender.enqueue(out);
          media.missed(call.leg, call.leavesVoicemail);
        });
  }

  /**
   * terminate, either direction. A business call that never connected counts as unanswered (section
   * 4.3).
   */
  public void terminate(String phoneNumberId, String callId) {
    Call call = liveCall(phoneNumberId, callId);
    call.customer.locked(
        () -> {
          requireState(call, EnumSet.complementOf(EnumSet.of(State.ENDED)), "terminate");
          Instant now = time.now();
          List<Webhook> out = new ArrayList<>();
          boolean unanswered = call.state != State.CONNECTED;
          end(call, now, out);
          if (unanswered && call.businessInitiated()) {
            countUnanswered(call, now, out);
          }
          sender.enqueue(out);
        });
  }

  // ---- the customer, through /sandbox/customers ----

  /**
   * The customer calls the business: a connect webhook with their offer. If the business does not
   * accept within the accept window the call ends unanswered.
   *
   * @param talk how long the customer talks once the business accepts; null: until someone hangs up
   * @param sdpOffer the caller's offer: the customer phone page's own, else a canned one
   */
  public String startUserCall(String waId, String phoneNumberId, Duration talk, String sdpOffer) {
    return startUserCall(waId, phoneNumberId, talk, sdpOffer, false);
  }

  /** As above; {@code leavesVoicemail}: if the business rejects or lets it ring out, the caller leaves one. */
  public String startUserCall(String waId, String phoneNumberId, Duration talk, String sdpOffer,
      boolean leavesVoicemail) {
    Customer customer = customers.get(waId);
    return customer.locked(
        () -> {
          if (findInProgress(phoneNumberId, waId).isPresent()) {
            throw new ResponseStatusException(
                HttpStatus.CONFLICT, "the customer is already in a call with this business number");
          }
          CallLeg leg =
              new CallLeg(
                  phoneNumberId,
                  ids.callId(),
                  CallDirection.USER_INITIATED,
                  waId,
                  customer.behaviour().profileName(),
                  null);
          Call call = new Call(customer, leg, talk);
          call.leavesVoicemail = leavesVoicemail;
          live.put(call.id(), call);
          sender.enqueue(webhooks.callConnect(leg, OFFER, sdpOffer == null ? Sdp.OFFER : sdpOffer, time.now()));
          call.timer = scheduler.schedule(userCallAcceptTimeout, () -> notAccepted(call));
          return call.id();
        });
  }

  /**
   * The customer hangs up (see {@link #customerHangsUp}). False if the customer has no such call in
   * progress.
   */
  public boolean hangUp(String waId, String callId) {
    Call call = live.get(callId);
    if (call == null || !call.leg.waId().equals(waId)) {
      return false;
    }
    return call.customer.locked(() -> customerHangsUp(call));
  }

  /** The customer phone page answers a business call with its own SDP answer; false if it no longer rings. */
  public boolean answerOnPhone(String waId, String callId, String sdpAnswer) {
    Call call = live.get(callId);
    if (call == null || !call.leg.waId().equals(waId) || !call.businessInitiated()) {
      return false;
    }
    return call.customer.locked(() -> call.state == State.RINGING && customerAnswers(call, sdpAnswer));
  }

  /** The customer's calls in progress, with the business's side of the SDP, for the customer phone page. */
  public List<PhoneCall> callsOf(String waId) {
    return live.values().stream().filter(call -> call.leg.waId().equals(waId))
        .map(call -> call.customer.locked(() -> PhoneCall.of(call))).toList();
  }

  // ---- what the customer does on their own ----

  private void customerAnswers(Call call) {
    call.customer.locked(() -> call.state == State.RINGING && customerAnswers(call, Sdp.ANSWER));
  }

  /** Under the customer's lock, on a ringing business call. */
  private boolean customerAnswers(Call call, String sdpAnswer) {
    Instant now = time.now();
    // ACCEPTED, then the connect carrying WhatsApp's SDP answer. docs/meta-cloud-api.md#call-statuses warns that
    // ACCEPTED is for auditing and may lag, so our side must not wait for it.
    sender.enqueue(
        List.of(
            webhooks.callStatus(call.leg, "ACCEPTED", now),
            webhooks.callConnect(call.leg, ANSWER, sdpAnswer, now)));
    connected(call, now);
    return true;
  }

  private void customerRejects(Call call) {
    call.customer.locked(
        () -> {
          if (call.state == State.RINGING) {
            rejectedByCustomer(call);
          }
        });
  }

  /**
   * Under the customer's lock. A connected call completes; a ringing business call is declined,
   * which is what hanging up means on the callee's side; a user's call not yet accepted is
   * abandoned. False if the call had already ended.
   */
  private boolean customerHangsUp(Call call) {
    if (call.state == State.ENDED) {
      return false;
    }
    if (call.state != State.CONNECTED && call.businessInitiated()) {
      rejectedByCustomer(call);
    } else {
      List<Webhook> out = new ArrayList<>();
      end(call, time.now(), out);
      sender.enqueue(out);
    }
    return true;
  }

  /**
   * Under the customer's lock. REJECTED is followed by a terminate (docs/meta-cloud-api.md#call-statuses), and the call
   * counts as unanswered (docs/meta-cloud-api.md#unanswered-calls).
   */
  private void rejectedByCustomer(Call call) {
    Instant now = time.now();
    List<Webhook> out = new ArrayList<>();
    out.add(webhooks.callStatus(call.leg, "REJECTED", now));
    end(call, now, out);
    countUnanswered(call, now, out);
    sender.enqueue(out);
  }

  /** Meta gives the business about 30 to 60 s to accept a user's call (docs/meta-cloud-api.md#answer-window). */
  private void notAccepted(Call call) {
    call.customer.locked(
        () -> {
          if (call.state == State.RINGING || call.state == State.PRE_ACCEPTED) {
            log.info(
                "call {}: not accepted within {}, ending it", call.id(), userCallAcceptTimeout);
            List<Webhook> out = new ArrayList<>();
            end(call, time.now(), out);
            sender.enqueue(out);
            media.missed(call.leg, call.leavesVoicemail);
          }
        });
  }

  // ---- shared transitions, under the customer's lock ----

  /** A connected call resets the request limits and the unanswered run (docs/meta-cloud-api.md#request-limits, #unanswered-calls). */
  private void connected(Call call, Instant now) {
    call.cancelTimer();
    call.state = State.CONNECTED;
    call.connectedAt = now;
    call.customer
        .relationship(call.leg.phoneNumberId())
        .callConnected(now, call.businessInitiated());
    if (call.talk != null) {
      call.timer =
          scheduler.schedule(call.talk, () -> call.customer.locked(() -> customerHangsUp(call)));
    }
  }

  private void end(Call call, Instant now, List<Webhook> out) {
    call.cancelTimer();
    call.state = State.ENDED;
    live.remove(call.id());
    out.add(webhooks.callTerminate(call.leg, call.connectedAt, now));
    billed.ended(call.leg, call.connectedAt, now);
    media.ended(call.leg, call.capture, call.connectedAt, now);
  }

  /**
   * docs/meta-cloud-api.md#unanswered-calls: 2 unanswered business calls in a row make WhatsApp show the user a reminder
   * (nothing reaches the business); 4 revoke the permission with an automatic reject reply that
   * answers no request, so it has no context (docs/meta-cloud-api.md#permission-replies, last row).
   */
  private void countUnanswered(Call call, Instant now, List<Webhook> out) {
    String phoneNumberId = call.leg.phoneNumberId();
    Relationship relationship = call.customer.relationship(phoneNumberId);
    int run = relationship.callUnanswered();
    if (run == MetaLimits.UNANSWERED_CALLS_REMINDER) {
      log.info(
          "customer {}: {} unanswered calls in a row, WhatsApp would now ask them to"
              + " reconsider the permission",
          call.leg.waId(),
          run);
    }
    if (run >= MetaLimits.UNANSWERED_CALLS_REVOKE) {
      relationship.revokeForUnansweredCalls();
      out.add(
          webhooks.permissionReply(
              phoneNumberId,
              call.leg.waId(),
              call.leg.profileName(),
              ids.messageId(),
              null,
              "reject",
              null,
              null,
              "automatic",
              now));
    }
  }

  private Call liveCall(String phoneNumberId, String callId) {
    Call call = callId == null ? null : live.get(callId);
    if (call == null || !call.leg.phoneNumberId().equals(phoneNumberId)) {
      throw GraphError.invalidParameter(
          "Invalid call_id: no call " + callId + " is in progress on this phone number");
    }
    return call;
  }

  private static void requireUserInitiated(Call call, String action) {
    if (call.businessInitiated()) {
      throw GraphError.invalidParameter(
          action + " applies to user-initiated calls; " + call.id() + " is business-initiated");
    }
  }

  private static void requireState(Call call, EnumSet<State> allowed, String action) {
    if (!allowed.contains(call.state)) {
      throw GraphError.invalidParameter(
          "Cannot " + action + " call " + call.id() + ": it is " + call.state.name().toLowerCase());
    }
  }

  private void refuseIfInProgress(String phoneNumberId, String waId) {
    findInProgress(phoneNumberId, waId)
        .ifPresent(
            call -> {
              throw GraphError.callInProgress(call.id());
            });
  }

  private Optional<Call> findInProgress(String phoneNumberId, String waId) {
    return live.values().stream().filter(call -> call.between(phoneNumberId, waId)).findFirst();
  }
}
