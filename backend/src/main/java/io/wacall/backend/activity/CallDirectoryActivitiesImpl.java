package io.wacall.backend.activity;

import io.temporal.client.WorkflowNotFoundException;
import io.wacall.backend.billing.BillingException;
import io.wacall.backend.billing.BillingQuotes;
import io.wacall.backend.billing.Rating;
import io.wacall.backend.store.PermissionReadModel;
import io.wacall.backend.store.directory.RoutingDirectory;
import io.wacall.backend.store.directory.UnknownPhoneNumberException;
import io.wacall.backend.temporal.PermissionWorkflows;
import io.wacall.contract.permission.view.PermissionView;
import io.wacall.workflows.call.CallDirectoryActivities;
import io.wacall.workflows.call.OutboundCheck;
import io.wacall.workflows.call.Routing;
import io.wacall.workflows.permission.PermissionRules;
import java.time.Clock;
import java.time.Instant;
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
  private final Clock clock;

  public CallDirectoryActivitiesImpl(RoutingDirectory directory, BillingQuotes quotes, PermissionWorkflows permissions,
      PermissionReadModel permissionReadModel, Clock clock) {
    this.directory = directory;
    this.quotes = quotes;
    this.permissions = permissions;
    this.permissionReadModel = permissionReadModel;
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
    Routing routing = loadRouting(phoneNumberId);
    boolean businessAllowed = routing.businessInitiatedCallingAllowed();
    String region = null;
    String market = null;
    boolean destinationCallable;
    String reason = businessAllowed ? null
        : routing.businessCountry() == null ? "business number " + phoneNumberId + " is not configured"
        : "business-initiated calls are not available for business numbers in " + routing.businessCountry();
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
    PermissionView permission = permission(phoneNumberId, waId(to));
    boolean granted = PermissionRules.grantActive(permission.status(), permission.expiresAt(), clock.instant());
    return new OutboundCheck(businessAllowed, destinationCallable, region, market, reason, granted,
        permission.status().name());
  }

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

  /** Meta's wa_id of a customer: the number's digits, without '+' or separators. */
  static String waId(String to) {
    return to.replaceAll("[^0-9]", "");
  }
}
