package io.wacall.workflows.permission;

import io.wacall.contract.permission.view.PendingRequest;
import io.wacall.contract.permission.view.PermissionStatus;
import io.wacall.contract.permission.view.PermissionView;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.time.Instant;

/** What the CallPermission workflow asks of the outside world. Implemented in the activities module. */
@ActivityInterface
public interface PermissionActivities {

  /**
   * Sends the permission request message through the Cloud API and returns its wamid. Fails with
   * an ApplicationFailure of a {@code FailureTypes.CLOUD_API_*} type.
   */
  @ActivityMethod(name = "SendPermissionRequest")
  String sendPermissionRequest(SendPermissionRequest request);

  /** Meta's own view of the pair ({@code GET /{phone-number-id}/call_permissions}). */
  @ActivityMethod(name = "FetchCloudPermission")
  CloudPermission fetchCloudPermission(String phoneNumberId, String waId);

  /** Writes the snapshot to the read model; an older version than the stored one is ignored. */
  @ActivityMethod(name = "RecordPermission")
  void recordPermission(PermissionView snapshot);

  /**
   * What the read model last recorded of the pair, or null for a pair never recorded. A fresh run
   * (no run of the pair is open: the previous one completed) starts from it, so that a reply older
   * than the pair's last change grants nothing.
   */
  @ActivityMethod(name = "LoadPermissionRecord")
  RecordedPermission loadPermissionRecord(String phoneNumberId, String waId);

  /**
   * A request as one activity, for runs since the action budget
   * ({@code CallPermissionWorkflowImpl.ACTION_BUDGET_CHANGE}): with {@link PlaceRequest#loadRecord},
   * first what {@link #loadPermissionRecord} answers (as of {@link PlaceRequest#at}); then Meta's
   * view as {@link #fetchCloudPermission} answers it (null when the lookup fails: a cross-check, not
   * a precondition); unless that view stops the request ({@link CloudPermission#stopsRequestAt}), the
   * send of {@link #sendPermissionRequest}, failing as it does; and once Meta has accepted the
   * message, the write of {@link PlaceRequest#pending} with its wamid, as {@link #recordPermission}
   * writes it. A failed write does not fail the activity (a retry would send the request again): it
   * answers {@link PlacedRequest#pendingRecorded} false, and the workflow writes the row itself.
   *
   * <p>The request is never sent twice: a send that may have reached Meta without an answer (a
   * timeout, a connection broken after sending, a 5xx), or whose earlier attempt of this activity
   * began to send and never finished, is answered {@link PlacedRequest#sentUnconfirmed} with Meta's
   * view after it, not repeated; only a send that surely never left fails (retryably).
   */
  @ActivityMethod(name = "PlacePermissionRequest")
  PlacedRequest placePermissionRequest(PlaceRequest place);

  /** Arguments of {@link #sendPermissionRequest}. */
  record SendPermissionRequest(
      String phoneNumberId, String waId, String bodyText, String templateName, String templateLanguage) {}

  /**
   * Meta's answer about a pair.
   *
   * @param status {@code NONE}, {@code TEMPORARY} or {@code PERMANENT}
   * @param canSendRequest whether Meta would accept a permission request now
   * @param nextRequestAllowedAt when Meta's exhausted request limit lapses, if it said
   */
  record CloudPermission(
      PermissionStatus status, Instant expiresAt, boolean canSendRequest, Instant nextRequestAllowedAt) {

    /** Whether Meta reports a grant in force at {@code now} (a temporary one without an expiry counts). */
    public boolean grantsAt(Instant now) {
      return status == PermissionStatus.PERMANENT
          || (status == PermissionStatus.TEMPORARY && (expiresAt == null || now.isBefore(expiresAt)));
    }

    /** Whether this view stops a request at {@code now}: a grant Meta knows of, or Meta's exhausted limit. */
    public boolean stopsRequestAt(Instant now) {
      return grantsAt(now) || !canSendRequest;
    }
  }

  /**
   * Arguments of {@link #placePermissionRequest}.
   *
   * @param request the message to send
   * @param at the workflow's time of the request: Meta's view and the record are judged as of then
   * @param loadRecord whether to load the pair's record first (the first act of a fresh run)
   * @param pending the pair's state once the request is sent, as the read model is to show it; its
   *     pending request's message id is a placeholder, replaced with the wamid Meta answers
   */
  record PlaceRequest(SendPermissionRequest request, Instant at, boolean loadRecord, PermissionView pending) {

    /** {@link #pending} with the wamid of the message Meta accepted. */
    public PermissionView pendingSent(String messageId) {
      PermissionView v = pending;
      PendingRequest p = v.pendingRequest();
      PendingRequest sent = p == null ? null
          : new PendingRequest(messageId, p.sentAt(), p.expiresAt(), p.deliveryStatus(), p.statusBefore());
      return new PermissionView(v.phoneNumberId(), v.waId(), v.status(), v.permanent(), v.grantedAt(), v.expiresAt(),
          sent, v.requestLog(), v.nextRequestAllowedAt(), v.consecutiveUnanswered(), v.reminderShownAt(),
          v.lastResetAt(), v.lastChangeAt(), v.audit(), v.version(), v.asOf());
    }
  }

  /**
   * What {@link #placePermissionRequest} did.
   *
   * @param recorded the pair's record, when asked for ({@link PlaceRequest#loadRecord}); null for a
   *     pair never recorded
   * @param cloud Meta's view; null when the lookup failed
   * @param messageId the wamid of the request sent; null when Meta's view stopped it, or when the
   *     request was sent unconfirmed
   * @param pendingRecorded whether the read model holds {@link PlaceRequest#pending} with the wamid
   * @param unconfirmed null, or why the request may have reached Meta although no wamid came back
   *     (Meta's answer was lost, or an earlier attempt of the activity timed out or its worker
   *     stopped after it began to send): it is then never sent again, and {@link #cloud} is Meta's
   *     view after the send
   */
  record PlacedRequest(RecordedPermission recorded, CloudPermission cloud, String messageId, boolean pendingRecorded,
      String unconfirmed) {

    /** A request Meta's view stopped (no message id), or one sent (its wamid). */
    public PlacedRequest(RecordedPermission recorded, CloudPermission cloud, String messageId, boolean pendingRecorded) {
      this(recorded, cloud, messageId, pendingRecorded, null);
    }

    /** Whether the request may have reached Meta without a wamid: never to be sent again. */
    public boolean sentUnconfirmed() {
      return unconfirmed != null;
    }
  }

  /**
   * The read model's record of a pair, as {@link #loadPermissionRecord} returns it.
   *
   * @param status the last status recorded
   * @param lastChangeAt the pair's last state change ({@link PermissionView#lastChangeAt()}); null
   *     when not known
   */
  record RecordedPermission(PermissionStatus status, Instant lastChangeAt) {}
}
