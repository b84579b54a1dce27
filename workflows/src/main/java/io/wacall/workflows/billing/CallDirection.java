package io.wacall.workflows.billing;

/** Who placed the call. Only business-initiated calls cost money (docs/meta-cloud-api.md#who-pays). */
public enum CallDirection {
  /** The customer called the business: free, but still one row in the ledger. */
  USER_INITIATED,
  /** The business called the customer: priced per 6-second pulse by the callee's market. */
  BUSINESS_INITIATED
}
