package io.wacall.backend.activity;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInfo;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.failure.ApplicationFailure;
import io.wacall.backend.billing.BillingException;
import io.wacall.backend.billing.BillingQuotes;
import io.wacall.backend.billing.Rating;
import io.wacall.backend.customer.CustomerNumbers;
import io.wacall.backend.store.PermissionReadModel;
import io.wacall.backend.store.directory.CallingRestrictions;
import io.wacall.backend.store.directory.OutboundCallProperties;
import io.wacall.backend.store.directory.RoutingDirectory;
import io.wacall.backend.store.directory.UnknownPhoneNumberException;
import io.wacall.backend.temporal.PermissionWorkflows;
import io.wacall.contract.permission.view.PermissionView;
import io.wacall.workflows.call.CallDirectoryActivities;
import io.wacall.workflows.call.OutboundCheck;
import io.wacall.workflows.call.Routing;
import io.wacall.workflows.permission.PermissionRules;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * {@link CallDirectoryActivities}: the business number's routing, and the checks before a
 * business-initiated call (number, market, CallPermission's grant). Reads only; the new call
 * workflows run them as local activities, the legacy ones as activities.
 */
@Component("callDirectoryActivities")
public class CallDirectoryActivitiesImpl implements CallDirectoryActivities {
  private static final Logger log = LoggerFactory.getLogger(CallDirectoryActivitiesImpl.class);

  private final RoutingDirectory directory;
  private final BillingQuotes quotes;
  private final PermissionWorkflows permissions;
  private final PermissionReadModel permissionReadModel;
  private final WorkflowClient workflows;
  private final OutboundCallProperties outbound;
  private final CallingRestrictions restrictions;
  private final Clock clock;

  public CallDirectoryActivitiesImpl(RoutingDirectory directory, BillingQuotes quotes, PermissionWorkflows permissions,
      PermissionReadModel permissionReadModel, WorkflowClient workflows, OutboundCallProperties outbound,
      CallingRestrictions restrictions, Clock clock) {
    this.restrictions = restrictions;
    this.directory = directory;
    this.quotes = quotes;
    this.permissions = permissions;
    this.permissionReadModel = permissionReadModel;
    this.workflows = workflows;
    this.outbound = outbound;
    this.clock = clock;
  }

  @Override
  public Routing loadRouting(String phoneNumberId) {
    try {
      return directory.routing(phoneNumberId);
    } catch (UnknownPhoneNumberException unknown) {
      log.warn("call to business number {} which is not in the directory: nobody to ring", phoneNumberId);
      return Routing.unavailable();
    }
  }

  @Override
  public OutboundCheck checkOutbound(String phoneNumberId, String to) {
    refuseStaleOffer();
    Routing routing = loadRouting(phoneNumberId);
    boolean businessAllowed = routing.businessInitiatedCallingAllowed();
    String region = null;
    String market = null;
    boolean destinationCallable;
    String reason = businessAllowed ? null
        : routing.businessCountry() == null ? "business number " + phoneNumberId + " is not configured"
        : "business-initiated calls are not available for business numbers in " + routing.businessCountry();
    // Meta paused the number's business-initiated calling (a quality restriction): refused before Meta
    Optional<Instant> paused = restrictions.businessInitiatedPausedUntil(phoneNumberId, clock.instant());
    if (businessAllowed && paused.isPresent()) {
      businessAllowed = false;
      reason = "Meta restricted business-initiated calling of business number " + phoneNumberId + " until "
          + paused.get();
    }
    try {
      Rating rating = quotes.quote(to, 0, phoneNumberId, null);
      region = rating.region();
      market = rating.market();
      destinationCallable = rating.callable();
      if (!destinationCallable && reason == null) {
        reason = rating.reason();
      }
    } catch (BillingException | IllegalArgumentException e) {
      destinationCallable = false;
      if (reason == null) {
        reason = e.getMessage();
      }
    }
    PermissionView permission;
    try {
      permission = permission(phoneNumberId, CustomerNumbers.waId(to));
    } catch (CustomerNumbers.InvalidCustomerNumber invalid) {
      // the API refuses such a number; a run started otherwise is refused here, with no permission to look up
      destinationCallable = false;
      if (reason == null) {
        reason = "the customer's number is " + invalid.getMessage();
      }
      permission = PermissionView.none(phoneNumberId, to, clock.instant());
    }
    boolean granted = PermissionRules.grantActive(permission.status(), permission.expiresAt(), clock.instant());
    return new OutboundCheck(businessAllowed, destinationCallable, region, market, reason, granted,
        permission.status().name());
  }

  /**
   * A run a worker takes later than {@code wacall.calling.max-offer-age} after the API started it
   * (no worker was polling, and the API that would have withdrawn it was gone) carries an SDP offer
   * the agent's client gave up on long ago: it is refused here, before the connect, for good. The
   * run's start time is the Temporal server's; it is compared with the system clock, not the
   * application's {@link Clock} (a sandbox moves that one), and a server clock ahead of ours (a
   * test server that skipped time) only makes a run look younger.
   */
  private void refuseStaleOffer() {
    ActivityInfo info = Activity.getExecutionContext().getInfo();
    Instant started = workflows.newUntypedWorkflowStub(info.getWorkflowId(), Optional.of(info.getRunId()),
        Optional.empty()).describe().getStartTime();
    Duration age = started == null ? Duration.ZERO : Duration.between(started, Instant.now());
    if (age.compareTo(outbound.maxOfferAge()) > 0) {
      log.warn("outbound call {} refused: taken by a worker {} s after it was requested", info.getWorkflowId(),
          age.toSeconds());
      throw ApplicationFailure.newNonRetryableFailure("the call was requested " + age.toSeconds()
          + " s ago, longer than wacall.calling.max-offer-age (" + outbound.maxOfferAge().toSeconds()
          + " s): its SDP offer is stale, it is not placed", OFFER_EXPIRED);
    }
  }

  /** The failure type of a check refused because the call's offer is too old. */
  public static final String OFFER_EXPIRED = "OfferExpired";

  /** CallPermission's live state, else its read model, else NONE. */
  private PermissionView permission(String phoneNumberId, String waId) {
    Instant now = clock.instant();
    try {
      return permissions.existingStub(phoneNumberId, waId).state();
    } catch (WorkflowNotFoundException notRunning) {
      return permissionReadModel.find(phoneNumberId, waId)
          .map(PermissionReadModel.PermissionRow::toView)
          .orElseGet(() -> PermissionView.none(phoneNumberId, waId, now));
    }
  }

}
