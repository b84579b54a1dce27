package io.wacall.backend.activity;

import io.wacall.backend.store.PermissionReadModel;
import io.wacall.backend.store.PermissionSends;
import io.wacall.backend.store.directory.CallingRestrictions;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInfo;
import io.temporal.failure.ApplicationFailure;
import io.wacall.backend.cloudapi.CallPermissionInfo;
import io.wacall.backend.cloudapi.CloudApiClient;
import io.wacall.backend.cloudapi.GraphApiException;
import io.wacall.backend.metrics.WacallMetrics;
import io.wacall.workflows.permission.PermissionActivities;
import io.wacall.contract.permission.view.PermissionStatus;
import io.wacall.contract.permission.view.PermissionView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/** The CallPermission workflow's activities: Meta's Cloud API and the PostgreSQL read model. */
@Component("permissionActivities")
public class PermissionActivitiesImpl implements PermissionActivities {
  private static final Logger log = LoggerFactory.getLogger(PermissionActivitiesImpl.class);

  private final CloudApiClient cloudApi;
  private final PermissionReadModel readModel;
  private final PermissionSends sends;
  /** Meta's quality restrictions of the business numbers; null: none known. */
  private final CallingRestrictions restrictions;
  private final WacallMetrics metrics;
  private final Clock clock;

  public PermissionActivitiesImpl(CloudApiClient cloudApi, PermissionReadModel readModel, PermissionSends sends,
      WacallMetrics metrics) {
    this(cloudApi, readModel, sends, metrics, Clock.systemUTC());
  }

  /** Without Meta's quality restrictions (tests of what does not depend on them). */
  public PermissionActivitiesImpl(CloudApiClient cloudApi, PermissionReadModel readModel, PermissionSends sends,
      WacallMetrics metrics, Clock clock) {
    this(cloudApi, readModel, sends, null, metrics, clock);
  }

  @Autowired
  public PermissionActivitiesImpl(CloudApiClient cloudApi, PermissionReadModel readModel, PermissionSends sends,
      CallingRestrictions restrictions, WacallMetrics metrics, Clock clock) {
    this.restrictions = restrictions;
    this.metrics = metrics;
    this.cloudApi = cloudApi;
    this.readModel = readModel;
    this.sends = sends;
    this.clock = clock;
  }

  @Override
  public String sendPermissionRequest(SendPermissionRequest request) {
    try {
      return send(request);
    } catch (GraphApiException e) {
      throw notRepeatedIfItMayHaveBeenSent(e);
    }
  }

  private String send(SendPermissionRequest request) {
    if (request.templateName() != null && !request.templateName().isBlank()) {
      return cloudApi.sendPermissionRequestTemplate(request.phoneNumberId(), request.waId(),
          request.templateName(), request.templateLanguage());
    }
    return cloudApi.sendPermissionRequest(request.phoneNumberId(), request.waId(), request.bodyText());
  }

  /**
   * The pair's record (as of the workflow's instant of the request), Meta's view, the send unless
   * that view stops it, and the pending request's row once Meta has accepted the message. Meta's
   * lookup failing is logged and passed over; a failed write is logged and answered
   * (pendingRecorded false), never thrown: a retry of the activity would send the request again.
   *
   * <p>Never sent twice ({@link PermissionSends}): before sending, the attempt notes that it is
   * sending. A later attempt of the same activity that finds the note answers from it: the wamid
   * of a send that went out, or "sent, unconfirmed" for one that began and never finished (a
   * timeout, a worker gone). A send that may have reached Meta without an answer is answered
   * unconfirmed too, with Meta's view after it; only a send that surely never left (a connection
   * refused, a refusal) fails, as {@code SendPermissionRequest} does.
   */
  @Override
  public PlacedRequest placePermissionRequest(PlaceRequest place) {
    SendPermissionRequest request = place.request();
    ActivityInfo info = Activity.getExecutionContext().getInfo();
    String sendKey = info.getRunId() + "/" + info.getActivityId();
    RecordedPermission record = place.loadRecord()
        ? recordAsOf(request.phoneNumberId(), request.waId(), place.at()) : null;
    Optional<PermissionSends.Note> earlier = sends.find(sendKey);
    if (earlier.isPresent() && earlier.get().state() == PermissionSends.State.SENDING) {
      log.warn("permission request of {}: an earlier attempt began to send and never finished; not sent again",
          info.getWorkflowId());
      return new PlacedRequest(record, cloudViewOrNull(request), null, false,
          "attempt " + (info.getAttempt() - 1) + " began to send and never finished (timed out or its worker stopped)");
    }
    if (earlier.isPresent() && earlier.get().state() == PermissionSends.State.SENT) {
      // sent by an attempt whose completion was lost
      return withPendingRecorded(new PlacedRequest(record, null, earlier.get().messageId(), false), place, info);
    }
    Optional<Instant> paused = restrictions == null ? Optional.empty()
        : restrictions.businessInitiatedPausedUntil(request.phoneNumberId(), place.at());
    if (paused.isPresent()) {
      // Meta sends no permission request while it pauses the number's business-initiated calling:
      // answered as a view of Meta's that allows no request before the pause ends (nothing sent)
      log.warn("permission request of {} not sent: Meta restricted business-initiated calling of {} until {}",
          info.getWorkflowId(), request.phoneNumberId(), paused.get());
      return new PlacedRequest(record, new CloudPermission(PermissionStatus.NONE, null, false, paused.get()), null, false);
    }
    CloudPermission meta = cloudViewOrNull(request);
    if (meta != null && meta.stopsRequestAt(place.at())) {
      return new PlacedRequest(record, meta, null, false);
    }
    sends.sending(sendKey, request.phoneNumberId(), request.waId(), info.getAttempt(), clock.instant());
    String messageId;
    try {
      messageId = send(request);
    } catch (GraphApiException e) {
      if (e.ambiguous()) {
        log.warn("permission request of {} may have reached Meta ({}); not sent again", info.getWorkflowId(),
            e.getMessage());
        return new PlacedRequest(record, cloudViewOrNull(request), null, false, "Meta's answer was lost: " + e.getMessage());
      }
      noteNotSent(sendKey);
      throw e.toApplicationFailure();
    }
    try {
      sends.sent(sendKey, messageId, clock.instant());
    } catch (RuntimeException notNoted) {
      log.warn("permission request {} sent, the note of it not written: {}", messageId, notNoted.getMessage());
    }
    return withPendingRecorded(new PlacedRequest(record, meta, messageId, false), place, info);
  }

  /** {@code sent} once the pending request's row is written with its wamid; a failed write is answered, not thrown. */
  private PlacedRequest withPendingRecorded(PlacedRequest sent, PlaceRequest place, ActivityInfo info) {
    try {
      readModel.record(place.pendingSent(sent.messageId()), info.getRunId());
      return new PlacedRequest(sent.recorded(), sent.cloud(), sent.messageId(), true);
    } catch (RuntimeException notWritten) {
      log.warn("permission request {} sent, its row not written (the workflow writes it): {}", sent.messageId(),
          notWritten.getMessage());
      return sent;
    }
  }

  /** Meta's view of the pair, or null when the lookup fails: a cross-check, never a precondition. */
  private CloudPermission cloudViewOrNull(SendPermissionRequest request) {
    try {
      return fetchCloudPermission(request.phoneNumberId(), request.waId());
    } catch (RuntimeException unavailable) {
      log.warn("call_permissions lookup failed for {}, the workflow's rules decide: {}",
          Activity.getExecutionContext().getInfo().getWorkflowId(), unavailable.getMessage());
      return null;
    }
  }

  /** A send that surely never left: the next attempt may send (a failed note only makes it more careful). */
  private void noteNotSent(String sendKey) {
    try {
      sends.notSent(sendKey, clock.instant());
    } catch (RuntimeException notNoted) {
      log.warn("a permission request that never left could not be noted so (the next attempt will not send): {}",
          notNoted.getMessage());
    }
  }

  /**
   * A request that may have reached Meta (a 5xx, a read timeout, a connection broken after the
   * request was sent) is not retried by Temporal: the customer would get a second request, and
   * Meta counts both against its 1-per-24-h limit (issue 10, bug 2). Like {@code connect}, it is
   * retried only when it surely never left; the failure keeps its type and details
   * ({@code ambiguous} true) for the workflow.
   */
  private static ApplicationFailure notRepeatedIfItMayHaveBeenSent(GraphApiException e) {
    ApplicationFailure failure = e.toApplicationFailure();
    if (e.ambiguous()) {
      failure.setNonRetryable(true);
    }
    return failure;
  }

  @Override
  public CloudPermission fetchCloudPermission(String phoneNumberId, String waId) {
    try {
      CallPermissionInfo info = cloudApi.getCallPermission(phoneNumberId, waId);
      PermissionStatus status = switch (info.status()) {
        case TEMPORARY -> PermissionStatus.TEMPORARY;
        case PERMANENT -> PermissionStatus.PERMANENT;
        case NO_PERMISSION -> PermissionStatus.NONE;
      };
      return new CloudPermission(status, info.expiresAt(), info.canSendPermissionRequest(),
          info.nextPermissionRequestAllowedAt());
    } catch (GraphApiException e) {
      throw e.toApplicationFailure();
    }
  }

  /**
   * The pair's row as of now: a temporary grant that has lapsed since it was written is
   * {@code EXPIRED}, changed at its expiry (the workflow writes no row for a lapse).
   */
  @Override
  public RecordedPermission loadPermissionRecord(String phoneNumberId, String waId) {
    return recordAsOf(phoneNumberId, waId, clock.instant());
  }

  private RecordedPermission recordAsOf(String phoneNumberId, String waId, Instant asOf) {
    return readModel.find(phoneNumberId, waId, asOf)
        .map(row -> new RecordedPermission(row.status(), row.lastChangeAt()))
        .orElse(null);
  }

  @Override
  public void recordPermission(PermissionView snapshot) {
    String runId = Activity.getExecutionContext().getInfo().getRunId();
    boolean wasRevoked = snapshot.status() == PermissionStatus.REVOKED
        && readModel.find(snapshot.phoneNumberId(), snapshot.waId())
            .map(row -> row.status() == PermissionStatus.REVOKED).orElse(false);
    boolean written = readModel.record(snapshot, runId);
    if (written && snapshot.status() == PermissionStatus.REVOKED && !wasRevoked) {
      metrics.permissionRevoked();
    }
    if (!written) {
      log.debug("read model already has a newer version than {} for {}", snapshot.version(),
          Activity.getExecutionContext().getInfo().getWorkflowId());
    }
  }
}
