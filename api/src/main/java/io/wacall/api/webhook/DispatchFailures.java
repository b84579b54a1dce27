package io.wacall.api.webhook;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.HashSet;
import java.util.Set;

/**
 * Sorts what a router threw into what the dispatcher does about it. Data that can never be routed
 * fails the event for good; Temporal being unreachable keeps it (and the rest of the batch)
 * waiting; anything else is retried with backoff.
 */
public final class DispatchFailures {

  public enum Kind {
    /** The event itself is at fault: mark it FAILED, do not retry. */
    PERMANENT,
    /** Temporal cannot be reached or is overloaded: retry later, and do not try the rest of the batch now. */
    UNAVAILABLE,
    /** Something else went wrong: retry this event with backoff. */
    TRANSIENT
  }

  private DispatchFailures() {}

  public static Kind classify(Throwable failure) {
    Set<Throwable> seen = new HashSet<>();
    for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
      if (t instanceof StatusRuntimeException grpc) {
        return classify(grpc.getStatus().getCode());
      }
      if (t instanceof UnroutableEventException || t instanceof MalformedWebhookEventException) {
        return Kind.PERMANENT;
      }
    }
    // Our records and WorkflowIds refuse bad data with these, before any RPC is made.
    if (failure instanceof IllegalArgumentException || failure instanceof NullPointerException) {
      return Kind.PERMANENT;
    }
    return Kind.TRANSIENT;
  }

  static Kind classify(Status.Code code) {
    return switch (code) {
      case INVALID_ARGUMENT -> Kind.PERMANENT;
      case UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED -> Kind.UNAVAILABLE;
      default -> Kind.TRANSIENT;
    };
  }

  /**
   * One line for {@code last_error}: the exception, the gRPC status when an RPC failed (Temporal's
   * client wraps it), and the root cause.
   */
  public static String describe(Throwable failure) {
    StringBuilder text = new StringBuilder(failure.getClass().getSimpleName()).append(": ").append(failure.getMessage());
    Throwable root = failure;
    Set<Throwable> seen = new HashSet<>();
    for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
      if (t instanceof StatusRuntimeException grpc && t != failure) {
        text.append(" [gRPC ").append(grpc.getStatus().getCode());
        if (grpc.getStatus().getDescription() != null) {
          text.append(": ").append(grpc.getStatus().getDescription());
        }
        text.append(']');
      }
      root = t;
    }
    if (root != failure) {
      text.append(" (caused by ").append(root.getClass().getSimpleName()).append(": ").append(root.getMessage()).append(')');
    }
    return text.toString();
  }
}
