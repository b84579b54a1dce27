package io.wacall.contract;

import java.util.Objects;

/**
 * The one place that builds workflow IDs and names the task queue: the Temporal contract other
 * services (in any language) rely on. See docs/temporal-contract.md.
 */
public final class WorkflowIds {
  /** Default task queue of every wacall workflow and activity. */
  public static final String TASK_QUEUE = "whatsapp-calls";

  /** Far above Meta's ids and a CRM's request ids; keeps a workflow ID well under Temporal's limit. */
  public static final int MAX_PART_LENGTH = 256;
  public static final String PERMISSION_PREFIX = "permission:";
  public static final String INBOUND_CALL_PREFIX = "inbound-call:";
  public static final String OUTBOUND_CALL_PREFIX = "outbound-call:";
  public static final String CALLING_SETTINGS_PREFIX = "calling-settings:";

  private WorkflowIds() {}

  /** {@code permission:{phoneNumberId}:{waId}}: one CallPermission per business number and customer. */
  public static String permission(String phoneNumberId, String waId) {
    return PERMISSION_PREFIX + digitsOrId(phoneNumberId, "phoneNumberId") + ":" + digitsOrId(waId, "waId");
  }

  /** {@code inbound-call:{wacid}}. */
  public static String inboundCall(String wacid) {
    return INBOUND_CALL_PREFIX + Objects.requireNonNull(wacid, "wacid");
  }

  /** {@code outbound-call:{requestId}}, requestId being the caller's idempotency key. */
  public static String outboundCall(String requestId) {
    return OUTBOUND_CALL_PREFIX + digitsOrId(requestId, "requestId");
  }

  /** {@code calling-settings:{phoneNumberId}}: one CallingSettings per business number. */
  public static String callingSettings(String phoneNumberId) {
    return CALLING_SETTINGS_PREFIX + digitsOrId(phoneNumberId, "phoneNumberId");
  }

  /**
   * IDs are made of Meta's ids, which never contain ':' — refusing one that does keeps the ID
   * scheme unambiguous when it is parsed back.
   */
  private static String digitsOrId(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isBlank() || value.indexOf(':') >= 0 || value.length() > MAX_PART_LENGTH) {
      throw new IllegalArgumentException(name + " must be non-blank and contain no ':', in at most " + MAX_PART_LENGTH
          + " characters (got '" + (value.length() > 40 ? value.substring(0, 40) + "..." : value) + "')");
    }
    return value;
  }
}
