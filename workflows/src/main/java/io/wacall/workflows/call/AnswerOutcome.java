package io.wacall.workflows.call;

import io.wacall.workflows.common.CloudApiErrorDetails;

/**
 * Result of {@code AnswerCall}: connected, or the step Meta refused.
 *
 * @param failedStep null when the call is connected
 * @param error Meta's error when it gave one (null for a failure without an answer from Meta)
 * @param message what went wrong, for the call's timeline
 */
public record AnswerOutcome(Step failedStep, CloudApiErrorDetails error, String message) {

  public enum Step {
    /** Meta refused the agent's SDP: the call is intact, the next member can be rung. */
    PRE_ACCEPT,
    /** accept failed: the call fails (and is terminated when Meta may have connected it). */
    ACCEPT
  }

  public static AnswerOutcome connected() {
    return new AnswerOutcome(null, null, null);
  }

  public boolean succeeded() {
    return failedStep == null;
  }

  /** Whether Meta may have acted on the failed step (no answer from Meta, or a timeout). */
  public boolean ambiguous() {
    return error == null || error.ambiguous();
  }
}
