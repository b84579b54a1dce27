package io.wacall.backend.activity;

import io.wacall.backend.customer.CustomerNumbers;
import io.temporal.failure.ApplicationFailure;
import io.wacall.backend.billing.BillingException;
import io.wacall.backend.billing.ChargeLedger;
import io.wacall.backend.metrics.WacallMetrics;
import io.wacall.backend.store.CallReadModel;
import io.wacall.backend.store.directory.ConversationEventKind;
import io.wacall.backend.store.directory.ConversationLog;
import io.wacall.backend.store.directory.ConversationRecord;
import io.wacall.backend.temporal.PermissionWorkflows;
import io.wacall.contract.permission.signal.CallEvent;
import io.wacall.workflows.billing.ChargeRecord;
import io.wacall.workflows.billing.ChargeRequest;
import io.wacall.workflows.call.ConversationEvent;
import io.wacall.workflows.call.PermissionNotice;
import io.wacall.backend.store.directory.PhoneNumberRepository;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Autowired;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * What a call leaves behind when it ends, shared by {@code CloseCall} and the legacy activities
 * ({@code LogConversationEvent}, {@code NotifyPermission}, {@code RecordCallCharge}): the line in
 * the customer's conversation log, the notice to CallPermission and the ledger row, each with its
 * metrics.
 */
@Component
public class CallEndings {
  private final ConversationLog conversations;
  private final CallReadModel calls;
  private final PermissionWorkflows permissions;
  private final ChargeLedger ledger;
  private final WacallMetrics metrics;
  private final PhoneNumberRepository numbers;
  private final Clock clock;

  /** Without the directory: the permission notices name no limits (the pair's workflow keeps its own). */
  public CallEndings(ConversationLog conversations, CallReadModel calls, PermissionWorkflows permissions,
      ChargeLedger ledger, WacallMetrics metrics, Clock clock) {
    this(conversations, calls, permissions, ledger, metrics, null, clock);
  }

  /** {@code numbers}: the business number's limits, named in the notices to its CallPermission. */
  @Autowired
  public CallEndings(ConversationLog conversations, CallReadModel calls, PermissionWorkflows permissions,
      ChargeLedger ledger, WacallMetrics metrics, PhoneNumberRepository numbers, Clock clock) {
    this.conversations = conversations;
    this.calls = calls;
    this.permissions = permissions;
    this.ledger = ledger;
    this.metrics = metrics;
    this.numbers = numbers;
    this.clock = clock;
  }

  /** The call's line in the customer's conversation log (and the callback marker); idempotent by callId. */
  public void logConversation(ConversationEvent event) {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("direction", event.direction() == null ? null : event.direction().name());
    detail.put("outcome", event.outcome() == null ? null : event.outcome().name());
    detail.put("wacid", event.wacid());
    detail.put("agentId", event.agentId());
    detail.put("durationSeconds", event.durationSeconds());
    // a run started before the API normalised numbers may hold "+55 21 ...": one customer, one log
    String waId = CustomerNumbers.waIdOrAsGiven(event.waId());
    boolean first = conversations.logConversationEvent(new ConversationRecord(event.phoneNumberId(), waId,
        event.at(), kindOf(event), event.callId(), detail));
    if (first) {
      measureEnded(event);
    }
    if (event.callbackRequestAllowed()) {
      conversations.logConversationEvent(new ConversationRecord(event.phoneNumberId(), waId, event.at(),
          ConversationEventKind.CALLBACK_REQUEST_ALLOWED, event.callId(), detail));
    }
  }

  /** Once per call (the log line is written once): outcome, time to answer, ring failovers. */
  private void measureEnded(ConversationEvent event) {
    String direction = event.direction() == null ? "UNKNOWN" : event.direction().name();
    metrics.callEnded(direction, event.outcome() == null ? "UNKNOWN" : event.outcome().name());
    calls.find(event.callId()).ifPresent(view -> {
      if (view.startedAt() != null && view.answeredAt() != null) {
        metrics.timeToAnswer(direction, Duration.between(view.startedAt(), view.answeredAt()));
      }
      if (view.ringAttempts() != null && view.ringAttempts().size() > 1) {
        metrics.ringFailovers(view.ringAttempts().size() - 1);
      }
    });
  }

  /** The conversation log's line kind of a call, by its outcome. */
  static ConversationEventKind kindOf(ConversationEvent event) {
    if (event.outcome() == null) {
      return ConversationEventKind.MISSED_CALL;
    }
    return switch (event.outcome()) {
      case COMPLETED -> ConversationEventKind.CALL_COMPLETED;
      case MISSED -> ConversationEventKind.MISSED_CALL;
      case DECLINED -> ConversationEventKind.CALL_DECLINED;
      case ABANDONED -> ConversationEventKind.CALL_ABANDONED;
      case REJECTED -> ConversationEventKind.CALL_REJECTED;
      case NOT_ANSWERED -> ConversationEventKind.CALL_NOT_ANSWERED;
      case CANCELED -> ConversationEventKind.CALL_CANCELED;
      case FAILED -> ConversationEventKind.CALL_FAILED;
    };
  }

  /**
   * Tells CallPermission the call connected or went unanswered: signal-with-start, so a pair whose
   * workflow is not running learns it too. CallPermission ignores a call (wacid) it has seen.
   */
  public void notifyPermission(PermissionNotice notice) {
    CallEvent call = new CallEvent(notice.wacid() != null ? notice.wacid() : notice.callId(),
        notice.at() != null ? notice.at() : clock.instant(),
        numbers != null ? numbers.limitsOf(notice.phoneNumberId()) : null);
    // the pair CheckOutbound read: permission:{phoneNumberId}:{wa_id}, whatever form the run holds the number in
    String waId = CustomerNumbers.waIdOrAsGiven(notice.waId());
    if (notice.kind() == PermissionNotice.Kind.CONNECTED) {
      permissions.signalWithStart(notice.phoneNumberId(), waId, wf -> wf::callConnected, call);
    } else {
      permissions.signalWithStart(notice.phoneNumberId(), waId, wf -> wf::callUnanswered, call);
    }
  }

  /**
   * Prices the call and writes its one ledger row ({@link ChargeLedger#record}, idempotent by
   * callId). A request that can never be recorded fails non-retryably with its
   * {@code BillingFailureTypes} type; database trouble propagates as an ordinary (retryable) failure.
   */
  public ChargeRecord charge(ChargeRequest request) {
    ChargeRecord row;
    try {
      row = ledger.record(request);
    } catch (BillingException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), e.failureType());
    }
    // counted per completed write: a retry after a lost answer would count twice, which metrics tolerate
    metrics.charged(row.direction().name(), row.market(), row.currency(), row.amount());
    return row;
  }
}
