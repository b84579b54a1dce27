package io.wacall.workflows.call;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * What the call workflows read from the directory and the permission store (PostgreSQL). Short
 * reads the caller is waiting for: the workflows run them as local activities, together with the
 * first write of the call, in one workflow task (one billable action for all of them).
 */
@ActivityInterface
public interface CallDirectoryActivities {

  /** The business number's settings and ring group (see {@link Routing}); an unknown number has no members. */
  @ActivityMethod(name = "LoadRouting")
  Routing loadRouting(String phoneNumberId);

  /** May this business number call this customer now (country, market, CallPermission's grant)? */
  @ActivityMethod(name = "CheckOutbound")
  OutboundCheck checkOutbound(String phoneNumberId, String to);
}
