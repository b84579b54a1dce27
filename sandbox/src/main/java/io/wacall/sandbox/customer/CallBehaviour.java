package io.wacall.sandbox.customer;

/** What a sandbox customer does when the business calls. */
public enum CallBehaviour {
  /** Picks up after answerAfter and hangs up after talk. */
  ANSWER,
  /** Declines after answerAfter. */
  REJECT,
  /** Lets it ring until the business terminates the call. */
  IGNORE
}
