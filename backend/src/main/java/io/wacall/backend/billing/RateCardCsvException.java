package io.wacall.backend.billing;

import java.util.List;
import java.util.stream.Collectors;

/** A rate-card CSV that cannot be accepted; every problem found, each naming its line. */
public final class RateCardCsvException extends RuntimeException {

  /** One problem: the physical line it is on (1 = the first line of the upload) and what is wrong. */
  public record LineError(int line, String message) {
    @Override
    public String toString() {
      return "line " + line + ": " + message;
    }
  }

  private final transient List<LineError> errors;

  public RateCardCsvException(List<LineError> errors) {
    super(errors.stream().map(LineError::toString).collect(Collectors.joining("; ")));
    this.errors = List.copyOf(errors);
  }

  public List<LineError> errors() {
    return errors;
  }
}
