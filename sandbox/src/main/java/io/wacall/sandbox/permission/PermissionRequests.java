package io.wacall.sandbox.permission;

import io.wacall.sandbox.SandboxIds;
import io.wacall.sandbox.SandboxScheduler;
import io.wacall.sandbox.SandboxTime;
import io.wacall.sandbox.customer.Customer;
import io.wacall.sandbox.customer.CustomerBehaviour;
import io.wacall.sandbox.customer.Customers;
import io.wacall.sandbox.customer.MetaLimits;
import io.wacall.sandbox.customer.PermissionReply;
import io.wacall.sandbox.customer.Relationship;
import io.wacall.sandbox.customer.Relationship.Grant;
import io.wacall.sandbox.customer.Relationship.Usage;
import io.wacall.sandbox.graph.GraphBodies;
import io.wacall.sandbox.graph.GraphBodies.CallPermissionsResponse;
import io.wacall.sandbox.graph.GraphBodies.Limit;
import io.wacall.sandbox.graph.GraphBodies.Permission;
import io.wacall.sandbox.graph.GraphBodies.PermissionAction;
import io.wacall.sandbox.graph.GraphError;
import io.wacall.sandbox.webhook.Webhook;
import io.wacall.sandbox.webhook.WebhookSender;
import io.wacall.sandbox.webhook.Webhooks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Call permission requests as Meta handles them (docs/meta-cloud-api.md#call-permissions): the request
 * limits, then the customer reading and answering as their behaviour says.
 */
@Component
public class PermissionRequests {
  private static final String USER_ACTION = "user_action";

  private final Customers customers;
  private final SandboxIds ids;
  private final SandboxTime time;
  private final SandboxScheduler scheduler;
  private final Webhooks webhooks;
  private final WebhookSender sender;
  /** Requests read and left unanswered, by customer: the customer phone page answers them. */
  private final Map<String, List<PendingRequest>> unanswered = new ConcurrentHashMap<>();

  public PermissionRequests(
      Customers customers,
      SandboxIds ids,
      SandboxTime time,
      SandboxScheduler scheduler,
      Webhooks webhooks,
      WebhookSender sender) {
    this.customers = customers;
    this.ids = ids;
    this.time = time;
    this.scheduler = scheduler;
    this.webhooks = webhooks;
    this.sender = sender;
  }

  /**
   * Accepts a permission request (free-form or template) or refuses it as Meta would: 138017 when a
   * permanent permission is held, 138009 past the request limits (docs/meta-cloud-api.md#request-limits). Returns the
   * request's wamid; statuses and the reply follow as webhooks, the statuses with {@code
   * callbackData} (the request's {@code biz_opaque_callback_data}; null: none).
   */
  public String request(String phoneNumberId, String waId, String callbackData) {
    Customer customer = customers.get(waId);
    String requestId = ids.messageId();
    Instant now = time.now();
    customer.locked(
        () -> {
          Relationship relationship = customer.relationship(phoneNumberId);
          if (relationship.grant(now) == Grant.PERMANENT) {
            throw GraphError.permanentPermissionExists();
          }
          Optional<Instant> nextAllowedAt = relationship.nextRequestAllowedAt(now);
          if (nextAllowedAt.isPresent()) {
            throw GraphError.permissionRequestLimit(nextAllowedAt.get());
          }
          relationship.recordRequest(now);
          CustomerBehaviour behaviour = customer.behaviour();
          sender.enqueue(
              List.of(
                  webhooks.messageStatus(phoneNumberId, requestId, "sent", waId, now, callbackData),
                  webhooks.messageStatus(phoneNumberId, requestId, "delivered", waId, now, callbackData)));
          scheduler.schedule(
              behaviour.replyDelay(),
              () -> read(customer, behaviour, phoneNumberId, requestId, callbackData));
        });
    return requestId;
  }

  /**
   * The requests a customer has read and left unanswered (their behaviour says IGNORE), newest last:
   * what the customer phone page offers to accept or decline.
   */
  public List<PendingRequest> pending(String waId) {
    return List.copyOf(unanswered.getOrDefault(waId, List.of()));
  }

  /** A request the customer has read and not answered yet. */
  public record PendingRequest(String requestId, String phoneNumberId, Instant sentAt) {}

  /** The customer answers a request they left unanswered (the phone page); false if there is no such request. */
  public boolean answer(String waId, String requestId, boolean accept) {
    Customer customer = customers.get(waId);
    return customer.locked(
        () -> {
          List<PendingRequest> open = unanswered.getOrDefault(waId, List.of());
          PendingRequest request =
              open.stream().filter(r -> r.requestId().equals(requestId)).findFirst().orElse(null);
          if (request == null) {
            return false;
          }
          open.remove(request);
          List<Webhook> out = new ArrayList<>();
          reply(customer, customer.behaviour().profileName(), request.phoneNumberId(), requestId,
              accept ? PermissionReply.ACCEPT_TEMPORARY : PermissionReply.REJECT, out);
          sender.enqueue(out);
          return true;
        });
  }

  /** The customer opens the request and answers it (or not); the first rows of docs/meta-cloud-api.md#permission-replies. */
  private void read(
      Customer customer,
      CustomerBehaviour behaviour,
      String phoneNumberId,
      String requestId,
      String callbackData) {
    String waId = customer.waId();
    customer.locked(
        () -> {
          List<Webhook> out = new ArrayList<>();
          out.add(
              webhooks.messageStatus(phoneNumberId, requestId, "read", waId, time.now(), callbackData));
          if (behaviour.permissionReply() == PermissionReply.IGNORE) {
            unanswered.computeIfAbsent(waId, w -> new CopyOnWriteArrayList<>())
                .add(new PendingRequest(requestId, phoneNumberId, time.now()));
          } else {
            reply(customer, behaviour.profileName(), phoneNumberId, requestId, behaviour.permissionReply(), out);
          }
          sender.enqueue(out);
        });
  }

  /** Under the customer's lock: the reply's webhook, and the relationship as it changes. */
  private void reply(Customer customer, String name, String phoneNumberId, String requestId,
      PermissionReply answer, List<Webhook> out) {
    String waId = customer.waId();
    Instant now = time.now();
    Relationship relationship = customer.relationship(phoneNumberId);
    String replyId = ids.messageId();
    switch (answer) {
      case ACCEPT_TEMPORARY -> {
        Instant expiresAt = relationship.grantTemporary(now);
        out.add(
            webhooks.permissionReply(
                phoneNumberId,
                waId,
                name,
                replyId,
                requestId,
                "accept",
                false,
                expiresAt,
                USER_ACTION,
                now));
      }
      case ACCEPT_PERMANENT -> {
        relationship.grantPermanent();
        out.add(
            webhooks.permissionReply(
                phoneNumberId,
                waId,
                name,
                replyId,
                requestId,
                "accept",
                true,
                null,
                USER_ACTION,
                now));
      }
      case REJECT -> {
        relationship.withdraw();
        out.add(
            webhooks.permissionReply(
                phoneNumberId,
                waId,
                name,
                replyId,
                requestId,
                "reject",
                null,
                null,
                USER_ACTION,
                now));
      }
      case IGNORE -> {
        // Read and left unanswered: Meta sends nothing more.
      }
    }
  }

  /** The sandbox's own view in the shape of {@code GET call_permissions} (docs/meta-cloud-api.md#permission-lookup). */
  public CallPermissionsResponse view(String phoneNumberId, String waId) {
    Customer customer = customers.get(waId);
    Instant now = time.now();
    return customer.locked(
        () -> {
          Relationship relationship = customer.relationship(phoneNumberId);
          Grant grant = relationship.grant(now);
          Usage perDay = relationship.requestUsage(MetaLimits.REQUESTS_PER_DAY, now);
          Usage perWeek = relationship.requestUsage(MetaLimits.REQUESTS_PER_WEEK, now);
          Usage calls = relationship.connectedCallUsage(now);
          boolean mayRequest =
              grant != Grant.PERMANENT
                  && perDay.exhaustedUntil().isEmpty()
                  && perWeek.exhaustedUntil().isEmpty();
          boolean mayCall = grant != Grant.NO_PERMISSION && calls.exhaustedUntil().isEmpty();
          return new CallPermissionsResponse(
              GraphBodies.MESSAGING_PRODUCT,
              new Permission(
                  grant.wireName(),
                  relationship.temporaryUntil(now).map(Instant::getEpochSecond).orElse(null)),
              List.of(
                  new PermissionAction(
                      "send_call_permission_request",
                      mayRequest,
                      List.of(limit(perDay), limit(perWeek))),
                  new PermissionAction("start_call", mayCall, List.of(limit(calls)))));
        });
  }

  private static Limit limit(Usage usage) {
    return new Limit(
        usage.window().timePeriod(),
        usage.window().maxAllowed(),
        usage.used(),
        usage.exhaustedUntil().map(Instant::getEpochSecond).orElse(null));
  }
}
