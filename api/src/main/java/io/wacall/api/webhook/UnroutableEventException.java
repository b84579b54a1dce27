package io.wacall.api.webhook;

/**
 * A well-formed event that no workflow can take (no customer id, an id Temporal refuses): the
 * event is marked FAILED with this message and not retried.
 */
public class UnroutableEventException extends RuntimeException {
  public UnroutableEventException(String message) {
    super(message);
  }
}
