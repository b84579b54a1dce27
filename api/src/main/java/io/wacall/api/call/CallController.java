package io.wacall.api.call;

import io.wacall.api.security.Role;
import io.wacall.api.security.Roles;
import io.wacall.api.web.Fails;
import io.wacall.api.web.ProblemCode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowUpdateException;
import io.wacall.backend.billing.ChargeQueries;
import io.wacall.backend.store.CallDispositions;
import io.wacall.backend.store.CallReadModel;
import io.wacall.backend.media.MediaProperties;
import io.wacall.backend.store.media.CallMediaRepository;
import io.wacall.backend.store.media.CallMediaSettingsRepository;
import io.wacall.workflows.media.MediaKind;
import io.wacall.backend.store.Keyset;
import io.wacall.backend.store.directory.AgentRingingRepository;
import io.wacall.api.security.Caller;
import io.wacall.api.web.Paging;
import io.wacall.api.directory.CallingRestrictionGuard;
import io.wacall.api.web.Problems;
import io.wacall.workflows.billing.ChargeRecord;
import io.wacall.contract.call.command.AnswerRequest;
import io.wacall.contract.call.command.CallCapture;
import io.wacall.contract.call.view.AnswerResult;
import io.wacall.contract.call.view.CallDirection;
import io.wacall.contract.call.view.CallOutcome;
import io.wacall.contract.call.view.CallStatus;
import io.wacall.contract.call.view.CallView;
import io.wacall.contract.call.command.DeclineRequest;
import io.wacall.contract.call.command.HangUpRequest;
import io.wacall.contract.call.command.OutboundCallInput;
import io.wacall.contract.call.view.OutboundConnectResult;
import io.wacall.contract.WorkflowIds;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Calls: place one, answer, decline or hang up as an agent, set the disposition, and look calls
 * up. A call's {@code id} is its workflow ID, the string an operator sees in the Temporal UI.
 */
@RestController
@Validated
@RequestMapping("/api/v1/calls")
@Tag(name = "Calls")
public class CallController {
  static final int MAX_PAGE_SIZE = 500;
  private final CallWorkflows workflows;
  private final CallReadModel calls;
  private final CallDispositions dispositions;
  private final ChargeQueries charges;
  private final AgentRingingRepository ringing;
  private final CallingRestrictionGuard restrictions;
  private final OutboundPlacement placement;
  private final Clock clock;

  private final CallMediaRepository media;
  private final CallMediaSettingsRepository mediaSettings;
  private final MediaProperties mediaProperties;

  public CallController(CallWorkflows workflows, CallReadModel calls, CallDispositions dispositions,
      ChargeQueries charges, AgentRingingRepository ringing, CallingRestrictionGuard restrictions,
      OutboundPlacement placement, CallMediaRepository media, CallMediaSettingsRepository mediaSettings,
      MediaProperties mediaProperties, Clock clock) {
    this.media = media;
    this.mediaSettings = mediaSettings;
    this.mediaProperties = mediaProperties;
    this.restrictions = restrictions;
    this.placement = placement;
    this.workflows = workflows;
    this.calls = calls;
    this.dispositions = dispositions;
    this.charges = charges;
    this.ringing = ringing;
    this.clock = clock;
  }

  /** {@code agentId}: required from a service; an agent places calls as itself (leave it out or give its own). */
  public record PlaceCallBody(
      @NotBlank @Size(max = 128) String requestId,
      @NotBlank @Size(max = ID_MAX) String phoneNumberId,
      @NotBlank @Size(max = 32) String to,
      @Size(max = ID_MAX) String agentId,
      @NotBlank @Size(max = SDP_MAX) String sdpOffer,
      @Min(5) @Max(120) Integer ringTimeoutSeconds,
      Boolean record,
      Boolean transcribe) {}

  /**
   * {@code agentId}: required from a service acting for an agent; an agent's own comes from its token.
   * {@code record}, {@code transcribe}: on answering, whether Meta records or transcribes the call (left
   * out: the business number's settings).
   */
  public record AgentAction(@Size(max = ID_MAX) String agentId, @Size(max = SDP_MAX) String sdpAnswer,
      @Size(max = 500) String reason, Boolean record, Boolean transcribe) {}

  public record DispositionBody(@NotBlank @Size(max = 64) String tag, @Size(max = CallDispositions.MAX_NOTE_LENGTH) String note,
      @Size(max = ID_MAX) String agentId) {}

  /** A call's own recording choice; null when it makes none (the number's settings apply). */
  static CallCapture capture(Boolean record, Boolean transcribe) {
    return record == null && transcribe == null ? null : new CallCapture(record, transcribe);
  }

  /** The longest id of a business number or agent we accept; Meta's and a CRM's are far shorter. */
  static final int ID_MAX = 128;
  /** An SDP offer or answer: Meta's are a few KiB; 64 KiB leaves room and bounds the request. */
  static final int SDP_MAX = 65_536;

  /**
   * 202 once the checks and the connect attempt are done; the same requestId twice is one call, the
   * same requestId with another call's body is 409. Bounded by {@code wacall.calling.place-timeout}:
   * a call no worker took by then is withdrawn (503 WORKER_UNAVAILABLE), never placed later.
   */
  @PostMapping
  @Operation(summary = "Place a business-initiated call (idempotent by requestId)")
  @Roles({Role.SERVICE, Role.AGENT})
  @Fails({ProblemCode.INVALID_PHONE_NUMBER, ProblemCode.PERMISSION_REQUIRED, ProblemCode.CALLING_NOT_AVAILABLE, ProblemCode.CALLING_RESTRICTED, ProblemCode.DESTINATION_NOT_CALLABLE, ProblemCode.RATE_LIMITED, ProblemCode.CLOUD_API_CALL_IN_PROGRESS, ProblemCode.REQUEST_ID_REUSED, ProblemCode.CLOUD_API_REJECTED, ProblemCode.WORKFLOW_ENGINE_UNAVAILABLE, ProblemCode.WORKER_UNAVAILABLE})
  public ResponseEntity<OutboundConnectResult> place(@Valid @RequestBody PlaceCallBody body) {
    checkId(body.requestId());
    String agentId = Caller.current().actingAgent(body.agentId());
    String to = Problems.waId("to", body.to());
    restrictions.requireBusinessInitiatedCalling(body.phoneNumberId(), "call");
    OutboundCallInput input = new OutboundCallInput(body.requestId(), body.phoneNumberId(), to, agentId,
        body.sdpOffer(), body.ringTimeoutSeconds() == null ? null : Duration.ofSeconds(body.ringTimeoutSeconds()),
        capture(body.record(), body.transcribe()));
    return placement.place(input);
  }

  @GetMapping("/{id}")
  @Operation(summary = "One call: parties, times, outcome, disposition, timeline and charge")
  @Roles({Role.SERVICE, Role.AGENT})
  @Fails({ProblemCode.CALL_NOT_FOUND})
  public CallResponse get(@PathVariable String id) {
    // An ended or refused call's record is all of it (CloseCall writes the final snapshot before the
    // run completes; a refusal never changes again), so reading it needs no worker: a query to a
    // closed run would replay its whole history on one, and a call withdrawn because no worker took
    // it would wait for one. A running call is asked for its live state.
    CallView view = calls.find(id).filter(CallController::settled)
        .or(() -> live(id)).or(() -> calls.find(id))
        .orElseThrow(() -> Problems.error(HttpStatus.NOT_FOUND, "CALL_NOT_FOUND", "no call " + id));
    Caller caller = Caller.current();
    if (caller.isAgentOnly() && !caller.name().equals(view.agentId()) && !ringingFor(view, caller.name())) {
      throw Caller.forbidden("an agent reads only its own calls and the calls ringing for it");
    }
    List<MediaKind> kept = view.wacid() == null ? List.of() : media.kinds(view.wacid());
    CallCaptureView capture = mediaSettings.captureOf(id).map(asked -> CallCaptureView.of(asked[0], asked[1], view,
        kept, mediaProperties.announcementWindow())).orElse(null);
    return CallResponse.of(view, charge(id)).withMedia(kept, capture);
  }

  @GetMapping
  @Operation(summary = "Calls, newest first, filtered by business number, customer, agent, direction, outcome and time")
  @Roles({Role.SERVICE, Role.AGENT})
  public CallPage list(@RequestParam(required = false) String phoneNumberId,
      @RequestParam(required = false) String customer,
      @RequestParam(required = false) String agentId,
      @RequestParam(required = false) CallDirection direction,
      @RequestParam(required = false) CallOutcome outcome,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "50") int size,
      @Parameter(description = "the nextCursor of the previous page (instead of page): a deep page costs what the first does")
      @RequestParam(required = false) String cursor) {
    Paging paging = Paging.of(page, size, MAX_PAGE_SIZE, cursor);
    Caller caller = Caller.current();
    if (caller.isAgentOnly()) {
      caller.requireSelf(agentId == null ? caller.name() : agentId, "an agent lists only its own calls");
      agentId = caller.name();
    }
    String waId = customer == null || customer.isBlank() ? null : Problems.waId("customer", customer);
    CallReadModel.Filter filter = new CallReadModel.Filter(phoneNumberId, waId, agentId, direction, outcome, from, to);
    Keyset.Slice<CallView> slice = calls.page(filter, paging.offset(), cursor, paging.size());
    // a page by cursor leaves the total out: its client has it from the first page
    Keyset.Total total = cursor == null ? calls.total(filter) : null;
    return new CallPage(slice.items().stream().map(v -> CallResponse.of(v, null)).toList(), page, size,
        total == null ? null : total.value(), total == null ? null : total.exact(), slice.hasMore(), slice.nextCursor());
  }

  /** 200 when that agent got the call; 409 NOT_RINGING_FOR_AGENT otherwise. */
  @PostMapping("/{id}/answer")
  @Operation(summary = "The agent being rung takes an inbound call with their SDP answer")
  @Roles({Role.SERVICE, Role.AGENT})
  @Fails({ProblemCode.CALL_NOT_FOUND, ProblemCode.CALL_NOT_TAKEN, ProblemCode.NOT_RINGING_FOR_AGENT, ProblemCode.CLOUD_API_REJECTED})
  public AnswerResult answer(@PathVariable String id, @Valid @RequestBody AgentAction body) {
    requireInbound(id);
    if (body.sdpAnswer() == null || body.sdpAnswer().isBlank()) {
      throw Problems.error(HttpStatus.BAD_REQUEST, "INVALID_REQUEST", "sdpAnswer is required");
    }
    String agentId = actingOn(id, body.agentId(), Duty.RINGING);
    AnswerRequest request = new AnswerRequest(agentId, body.sdpAnswer(), capture(body.record(), body.transcribe()));
    AnswerResult result = update(() -> workflows.inbound(id).answer(request),
        () -> notFound(id));
    if (!result.gotCall()) {
      throw Problems.error(HttpStatus.CONFLICT, "CALL_NOT_TAKEN", result.reason());
    }
    return result;
  }

  @PostMapping("/{id}/decline")
  @Operation(summary = "The agent being rung passes; the next member is rung at once")
  @Roles({Role.SERVICE, Role.AGENT})
  @Fails({ProblemCode.CALL_NOT_FOUND, ProblemCode.NOT_RINGING_FOR_AGENT})
  public CallResponse decline(@PathVariable String id, @Valid @RequestBody AgentAction body) {
    requireInbound(id);
    String agentId = actingOn(id, body.agentId(), Duty.RINGING);
    return CallResponse.of(update(() -> workflows.inbound(id).decline(new DeclineRequest(agentId, body.reason())),
        () -> notFound(id)), null);
  }

  @PostMapping("/{id}/hangup")
  @Operation(summary = "The agent on the call ends it")
  @Roles({Role.SERVICE, Role.AGENT})
  @Fails({ProblemCode.CALL_NOT_FOUND, ProblemCode.NOT_IN_CALL})
  public CallResponse hangUp(@PathVariable String id, @Valid @RequestBody AgentAction body) {
    HangUpRequest request = new HangUpRequest(actingOn(id, body.agentId(), Duty.ON_THE_CALL));
    return CallResponse.of(update(() -> id.startsWith(WorkflowIds.INBOUND_CALL_PREFIX)
        ? workflows.inbound(id).hangUp(request) : workflows.outbound(id).hangUp(request), () -> notFound(id)), null);
  }

  /**
   * Stored by the API in the call's record, in one conditional write: no workflow is involved, so
   * it works while Temporal is down. The window is the record's: CONNECTED, or ENDED until
   * {@code wrapUpEndsAt}. The answer is the call as its record has it, with the disposition.
   */
  @PutMapping("/{id}/disposition")
  @Operation(summary = "Set the call's disposition (one of the business number's tags) while it is connected or in wrap-up")
  @Roles({Role.SERVICE, Role.AGENT})
  @Fails({ProblemCode.CALL_NOT_FOUND, ProblemCode.INVALID_DISPOSITION_TAG, ProblemCode.DISPOSITION_NOT_OPEN})
  public CallResponse disposition(@PathVariable String id, @Valid @RequestBody DispositionBody body) {
    requireCallId(id);
    String agentId = Caller.current().isAgentOnly()
        ? actingOn(id, body.agentId(), Duty.ON_THE_CALL, () -> calls.find(id)) : body.agentId();
    CallDispositions.Result result = dispositions.set(id, body.tag(), body.note(), agentId, clock.instant());
    return switch (result.outcome()) {
      case SET -> CallResponse.of(result.view(), charge(id));
      case NO_CALL -> throw Problems.error(HttpStatus.NOT_FOUND, "CALL_NOT_FOUND", result.message());
      case INVALID_REQUEST -> throw Problems.error(HttpStatus.BAD_REQUEST, "INVALID_REQUEST", result.message());
      case TAG_NOT_ALLOWED -> throw Problems.error(HttpStatus.BAD_REQUEST, "INVALID_DISPOSITION_TAG", result.message());
      case NOT_OPEN -> throw Problems.error(HttpStatus.CONFLICT, "DISPOSITION_NOT_OPEN", result.message());
    };
  }

  /**
   * A page of calls: {@code total} counts the matching calls up to 1,000 ({@code totalIsExact}
   * false past it), null on a page asked by cursor; {@code nextCursor}, when {@code hasMore}, asks
   * for the next page.
   */
  public record CallPage(List<CallResponse> items, int page, int size, Long total, Boolean totalIsExact,
      boolean hasMore, String nextCursor) {}

  /** An update of a running call: a refusal becomes problem details, a run that has ended {@code whenEnded}. */
  private <T> T update(Supplier<T> update, Supplier<ErrorResponseException> whenEnded) {
    try {
      return update.get();
    } catch (WorkflowUpdateException e) {
      throw CallRefusals.problem(e, clock);
    } catch (WorkflowNotFoundException e) {
      throw whenEnded.get();
    }
  }

  /** What ties an agent to a call for an action: being rung for it, or being (having been) on it. */
  private enum Duty { RINGING, ON_THE_CALL }

  /**
   * The agent an action is taken for. A service names it in the body; an agent is itself, and may
   * act only on a call ringing for it (answer, decline) or that it is or was on (hang up,
   * disposition): anything else is 403, and the call is left as it was.
   */
  private String actingOn(String id, String bodyAgentId, Duty duty) {
    // an agent's answer or decline of a call its ringing list shows: the row says it rings for the
    // agent, with no query to the run (a worker round trip on the hot path of every answer; the
    // run's validator still refuses a member whose turn has just ended). Without a row, the run
    // or the record tells 404 from 403.
    Caller caller = Caller.current();
    if (duty == Duty.RINGING && caller.isAgentOnly()) {
      String agentId = caller.actingAgent(bodyAgentId);
      requireCallId(id);
      if (ringing.isRingingFor(id, agentId, clock.instant())) {
        return agentId;
      }
    }
    return actingOn(id, bodyAgentId, duty, () -> live(id).or(() -> calls.find(id)));
  }

  /** {@link #actingOn(String, String, Duty)} with the call as {@code call} has it (the record alone, for the disposition). */
  private String actingOn(String id, String bodyAgentId, Duty duty, Supplier<Optional<CallView>> call) {
    Caller caller = Caller.current();
    String agentId = caller.actingAgent(bodyAgentId);
    if (caller.isAgentOnly()) {
      CallView view = call.get().orElseThrow(() -> notFound(id));
      boolean mine = duty == Duty.RINGING ? ringingFor(view, agentId) : agentId.equals(view.agentId());
      if (!mine) {
        throw Caller.forbidden(duty == Duty.RINGING ? "the call " + id + " is not ringing for " + agentId
            : agentId + " is not the agent of the call " + id);
      }
    }
    return agentId;
  }

  private static boolean settled(CallView recorded) {
    return recorded.status() == CallStatus.ENDED || recorded.status() == CallStatus.REFUSED;
  }

  private static boolean ringingFor(CallView view, String agentId) {
    return view.ringing() != null && agentId.equals(view.ringing().agentId());
  }

  /**
   * The view of a running call (its {@code state} query) with the disposition stored for it, as the
   * run does not hold one set through the API; empty once the run has closed.
   */
  private Optional<CallView> live(String id) {
    requireCallId(id);
    return workflows.state(id).map(calls::withStoredDisposition);
  }


  private static void requireCallId(String id) {
    if (!id.startsWith(WorkflowIds.INBOUND_CALL_PREFIX) && !id.startsWith(WorkflowIds.OUTBOUND_CALL_PREFIX)) {
      throw Problems.error(HttpStatus.NOT_FOUND, "CALL_NOT_FOUND", "a call id starts with inbound-call: or outbound-call:");
    }
  }

  private ChargeRecord charge(String id) {
    List<ChargeRecord> rows = charges.page(new ChargeQueries.Filter(null, null, null, id), 0, 1).items();
    return rows.isEmpty() ? null : rows.get(0);
  }

  private static void requireInbound(String id) {
    if (!id.startsWith(WorkflowIds.INBOUND_CALL_PREFIX)) {
      throw Problems.error(HttpStatus.CONFLICT, "NOT_RINGING_FOR_AGENT", "only inbound calls ring agents");
    }
  }

  private static void checkId(String requestId) {
    if (requestId.indexOf(':') >= 0) {
      throw Problems.error(HttpStatus.BAD_REQUEST, "INVALID_REQUEST", "requestId must not contain ':'");
    }
  }

  private static ErrorResponseException notFound(String id) {
    return Problems.error(HttpStatus.NOT_FOUND, "CALL_NOT_FOUND", "no call " + id + " is in progress");
  }
}
