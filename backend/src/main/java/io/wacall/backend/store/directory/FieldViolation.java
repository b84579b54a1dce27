package io.wacall.backend.store.directory;

/** One reason a directory change was refused, naming the JSON field it is about. */
public record FieldViolation(String field, String message) {
  @Override
  public String toString() {
    return field + ": " + message;
  }
}
