package io.wacall.api.permission;

import io.wacall.api.security.Role;
import io.wacall.api.security.Roles;
import io.wacall.api.web.Fails;
import io.wacall.api.web.ProblemCode;
import io.wacall.backend.temporal.PermissionWorkflows;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WithStartWorkflowOperation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.failure.ApplicationFailure;
import io.wacall.backend.metrics.WacallMetrics;
import io.wacall.backend.store.PermissionReadModel;
import io.wacall.backend.store.CallReadModel;
import io.wacall.backend.store.Keyset;
import io.wacall.backend.store.directory.AgentRingingRepository;
import io.wacall.backend.store.directory.PhoneNumberRepository;
import io.wacall.backend.store.directory.RingGroupRepository;
import io.wacall.api.events.PermissionWatches;
import io.wacall.api.security.Caller;
import io.wacall.api.web.Paging;
import io.wacall.api.directory.CallingRestrictionGuard;
import io.wacall.api.web.Problems;
import io.wacall.contract.failure.FailureTypes;
import io.wacall.contract.WorkflowIds;
import io.wacall.contract.permission.CallPermissionWorkflow;
import io.wacall.contract.permission.CallPermissionWorkflow.Refused;
import io.wacall.contract.permission.command.PermissionRequest;
import io.wacall.contract.permission.view.PermissionRequestResult;
import io.wacall.contract.permission.view.PermissionStatus;
import io.wacall.contract.permission.view.PermissionView;
import jakarta.validation.Valid;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Call permissions: ask a customer, and know whether a call is allowed and when to ask next. */
@RestController
@Validated
@RequestMapping("/api/v1/permissions")
@Tag(name = "Call permissions")
public class PermissionController {
  static final int MAX_PAGE_SIZE = 500;
  private final PermissionWorkflows workflows;
  private final PermissionReadModel readModel;
  private final WacallMetrics metrics;
  private final CallReadModel calls;
  private final AgentRingingRepository ringing;
  private final RingGroupRepository ringGroups;
  private final PermissionWatches watches;
  private final CallingRestrictionGuard restrictions;
  private final PhoneNumberRepository numbers;
  private final Clock clock;

  public PermissionController(PermissionWorkflows workflows, PermissionReadModel readModel, WacallMetrics metrics,
      CallReadModel calls, AgentRingingRepository ringing, RingGroupRepository ringGroups, PermissionWatches watches,
      CallingRestrictionGuard restrictions, PhoneNumberRepository numbers, Clock clock) {
    this.numbers = numbers;
    this.ringGroups = ringGroups;
    this.watches = watches;
    this.restrictions = restrictions;
    this.metrics = metrics;
    this.calls = calls;
    this.ringing = ringing;
    this.workflows = workflows;
    this.readModel = readModel;
    this.clock = clock;
  }

  /** 202 with the message id and the new state; 429 when throttled; 409 when a grant is active. */
  @PostMapping("/{phoneNumberId}/{waId}/requests")
  @Operation(summary = "Send a call permission request (starts the pair's workflow if needed)")
  @Roles({Role.SERVICE, Role.AGENT})
  @Fails({ProblemCode.INVALID_PHONE_NUMBER, ProblemCode.PERMISSION_ALREADY_GRANTED, ProblemCode.REQUEST_THROTTLED, ProblemCode.RECIPIENT_UNSUPPORTED, ProblemCode.CALLING_NOT_AVAILABLE, ProblemCode.CALLING_RESTRICTED, ProblemCode.CLOUD_API_UNAVAILABLE, ProblemCode.CLOUD_API_REJECTED})
  public ResponseEntity<PermissionRequestAccepted> request(@PathVariable String phoneNumberId,
      @PathVariable("waId") String customer, @Valid @RequestBody(required = false) PermissionRequestBody body) {
    String waId = Problems.waId("waId", customer);
    checkIds(phoneNumberId, waId);
    PermissionRequestBody b = body != null ? body : new PermissionRequestBody(null, null, null, null);
    Caller caller = Caller.current();
    if (caller.isAgentOnly()) {
      // an agent asks for the numbers it answers for, and the request names it, whatever the body says
      requireRingGroupMember(caller.name(), phoneNumberId);
      b = new PermissionRequestBody(b.bodyText(), b.templateName(), b.templateLanguage(), caller.name());
      watches.watch(caller.name(), phoneNumberId, waId); // its event streams tell it of the reply
    }
    restrictions.requireBusinessInitiatedCalling(phoneNumberId, "permission-request");
    PermissionRequest request;
    try {
      request = new PermissionRequest(b.bodyText(), b.templateName(), b.templateLanguage(), b.requestedBy(),
          numbers.limitsOf(phoneNumberId));
    } catch (IllegalArgumentException e) {
      throw Problems.error(HttpStatus.BAD_REQUEST, "INVALID_REQUEST", e.getMessage());
    }
    CallPermissionWorkflow stub = workflows.startingStub(phoneNumberId, waId);
    PermissionRequestResult result;
    try {
      result = WorkflowClient.executeUpdateWithStart(stub::requestPermission, request,
          UpdateOptions.<PermissionRequestResult>newBuilder().setWaitForStage(WorkflowUpdateStage.COMPLETED).build(),
          new WithStartWorkflowOperation<>(stub::run, PermissionWorkflows.freshInput(phoneNumberId, waId)));
    } catch (WorkflowUpdateException e) {
      metrics.permissionRequest(e.getCause() instanceof ApplicationFailure f && f.getType() != null ? f.getType() : "error");
      throw refusal(e);
    }
    // a null message id: the request may have reached Meta, its answer was lost; it is never sent again
    metrics.permissionRequest(result.messageId() != null ? "sent" : "unconfirmed");
    Instant now = clock.instant();
    return ResponseEntity.accepted().body(new PermissionRequestAccepted(result.messageId(), result.sentAt(),
        result.expiresAt(), WorkflowIds.permission(phoneNumberId, waId), PermissionResponse.of(result.state(), "workflow", now)));
  }

  /** The pair's state; a pair never seen answers NONE, not 404. */
  @GetMapping("/{phoneNumberId}/{waId}")
  @Operation(summary = "A customer's call permission")
  @Roles({Role.SERVICE, Role.AGENT})
  @Fails({ProblemCode.INVALID_PHONE_NUMBER})
  public PermissionResponse get(@PathVariable String phoneNumberId, @PathVariable("waId") String customer) {
    String waId = Problems.waId("waId", customer);
    checkIds(phoneNumberId, waId);
    Instant now = clock.instant();
    Caller caller = Caller.current();
    if (caller.isAgentOnly()) {
      if (!hasCallWith(caller.name(), phoneNumberId, waId, now)) {
        requireRingGroupMember(caller.name(), phoneNumberId);
      }
      watches.watch(caller.name(), phoneNumberId, waId); // its event streams tell it of changes
    }
    try {
      PermissionView view = workflows.existingStub(phoneNumberId, waId).state();
      return PermissionResponse.of(view, "workflow", now);
    } catch (WorkflowNotFoundException notRunning) {
      return readModel.find(phoneNumberId, waId, now)
          .map(row -> PermissionResponse.of(row, now))
          .orElseGet(() -> PermissionResponse.of(PermissionView.none(phoneNumberId, waId, now), "none", now));
    }
  }

  /** A page of the read model, newest change first. */
  @GetMapping
  @Operation(summary = "List call permissions of a business number")
  @Roles({Role.SERVICE})
  public PermissionPage list(@RequestParam(required = false) String phoneNumberId,
      @RequestParam(required = false) PermissionStatus status,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "50") int size,
      @Parameter(description = "the nextCursor of the previous page (instead of page): a deep page costs what the first does")
      @RequestParam(required = false) String cursor) {
    Paging paging = Paging.of(page, size, MAX_PAGE_SIZE, cursor);
    Instant now = clock.instant();
    // as of now: a temporary grant that has lapsed is EXPIRED, and listed as such (see PermissionReadModel)
    Keyset.Slice<PermissionReadModel.PermissionRow> slice =
        readModel.page(phoneNumberId, status, now, paging.offset(), cursor, paging.size());
    // a page by cursor leaves the total out: its client has it from the first page
    Keyset.Total total = cursor == null ? readModel.total(phoneNumberId, status, now) : null;
    return new PermissionPage(slice.items().stream().map(row -> PermissionResponse.of(row, now)).toList(), page, size,
        total == null ? null : total.value(), total == null ? null : total.exact(), slice.hasMore(), slice.nextCursor());
  }

  public record PermissionRequestAccepted(
      String messageId, Instant sentAt, Instant expiresAt, String workflowId, PermissionResponse state) {}

  /**
   * A page of pairs: {@code total} up to 1,000 ({@code totalIsExact} false past it), null on a page
   * asked by cursor; {@code nextCursor} when {@code hasMore}.
   */
  public record PermissionPage(List<PermissionResponse> items, int page, int size, Long total, Boolean totalIsExact,
      boolean hasMore, String nextCursor) {}

  private ErrorResponseException refusal(WorkflowUpdateException e) {
    if (!(e.getCause() instanceof ApplicationFailure failure)) {
      throw e;
    }
    String type = failure.getType() == null ? "" : failure.getType();
    switch (type) {
      case FailureTypes.PERMISSION_REQUEST_THROTTLED -> {
        Refused refused = failure.getDetails().get(0, Refused.class);
        ProblemDetail problem = Problems.problem(HttpStatus.TOO_MANY_REQUESTS, "REQUEST_THROTTLED", failure.getOriginalMessage());
        problem.setProperty("nextAllowedAt", refused.nextAllowedAt());
        return Problems.retryAfter(new ErrorResponseException(HttpStatus.TOO_MANY_REQUESTS, problem, null),
            refused.nextAllowedAt(), clock);
      }
      case FailureTypes.PERMISSION_GRANT_ACTIVE -> {
        Refused refused = failure.getDetails().get(0, Refused.class);
        ProblemDetail problem = Problems.problem(HttpStatus.CONFLICT, "PERMISSION_ALREADY_GRANTED", failure.getOriginalMessage());
        problem.setProperty("status", refused.state() == null ? null : refused.state().status());
        problem.setProperty("expiresAt", refused.state() == null ? null : refused.state().expiresAt());
        return new ErrorResponseException(HttpStatus.CONFLICT, problem, null);
      }
      case FailureTypes.CLOUD_API_RECIPIENT_UNSUPPORTED ->
          throw Problems.error(HttpStatus.UNPROCESSABLE_ENTITY, "RECIPIENT_UNSUPPORTED", failure.getOriginalMessage());
      case FailureTypes.CLOUD_API_CALLING_UNAVAILABLE ->
          throw Problems.error(HttpStatus.UNPROCESSABLE_ENTITY, "CALLING_NOT_AVAILABLE", failure.getOriginalMessage());
      case FailureTypes.CLOUD_API_TRANSIENT ->
          throw Problems.error(HttpStatus.SERVICE_UNAVAILABLE, "CLOUD_API_UNAVAILABLE", failure.getOriginalMessage());
      case "InvalidRequest" -> throw Problems.error(HttpStatus.BAD_REQUEST, "INVALID_REQUEST", failure.getOriginalMessage());
      default -> throw Problems.error(HttpStatus.BAD_GATEWAY, "CLOUD_API_REJECTED", failure.getOriginalMessage());
    }
  }

  /** The agent placed or took a call with this customer on this number, or one is ringing for it now. */
  /** An agent reads and asks permissions for the business numbers whose ring group holds it (it may call from those). */
  private void requireRingGroupMember(String agentId, String phoneNumberId) {
    if (!ringGroups.numbersOf(agentId).contains(phoneNumberId)) {
      throw Caller.forbidden("an agent reads and requests the permissions of the business numbers whose ring group"
          + " holds it, and of customers it has a call with");
    }
  }

  private boolean hasCallWith(String agentId, String phoneNumberId, String waId, Instant now) {
    return calls.any(new CallReadModel.Filter(phoneNumberId, waId, agentId, null, null, null, null))
        || ringing.ringingFor(agentId, now).stream()
            .anyMatch(r -> phoneNumberId.equals(r.phoneNumberId()) && waId.equals(r.from()));
  }

  private static void checkIds(String phoneNumberId, String waId) {
    try {
      WorkflowIds.permission(phoneNumberId, waId);
    } catch (IllegalArgumentException e) {
      throw Problems.error(HttpStatus.BAD_REQUEST, "INVALID_REQUEST", e.getMessage());
    }
  }
}
