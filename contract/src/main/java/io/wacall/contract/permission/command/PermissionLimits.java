package io.wacall.contract.permission.command;

/**
 * Which of Meta's call-permission limits apply to a business number (docs/meta-cloud-api.md#test-accounts).
 * Null wherever it is optional means {@link #STANDARD}.
 */
public enum PermissionLimits {
  /** A live number: 1 request per 24 h and 2 per 7 days; the reminder after 2 unanswered calls, the revoke after 4. */
  STANDARD,
  /**
   * A public test number or a sandbox account: 25 requests per 24 h and 100 per 7 days; the
   * reminder after 5 unanswered calls, the revoke after 10.
   */
  TEST_NUMBER
}
