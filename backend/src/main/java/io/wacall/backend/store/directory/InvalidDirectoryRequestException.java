package io.wacall.backend.store.directory;

import java.util.List;
import java.util.stream.Collectors;

/** A directory change refused before anything was written; every violation names its field. */
public class InvalidDirectoryRequestException extends RuntimeException {
  private final transient List<FieldViolation> violations;

  public InvalidDirectoryRequestException(List<FieldViolation> violations) {
    super(violations.stream().map(FieldViolation::toString).collect(Collectors.joining("; ")));
    this.violations = List.copyOf(violations);
  }

  public InvalidDirectoryRequestException(String field, String message) {
    this(List.of(new FieldViolation(field, message)));
  }

  public List<FieldViolation> violations() {
    return violations;
  }
}
