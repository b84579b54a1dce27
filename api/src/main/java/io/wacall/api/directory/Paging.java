package io.wacall.api.directory;

import io.wacall.activities.directory.FieldViolation;
import io.wacall.activities.directory.InvalidDirectoryRequestException;
import java.util.ArrayList;
import java.util.List;

/** {@code page} (from 0) and {@code size} query parameters, refused naming the parameter. */
record Paging(int page, int size) {
  static final int MAX_SIZE = 200;

  static Paging of(int page, int size) {
    List<FieldViolation> violations = new ArrayList<>();
    if (page < 0) {
      violations.add(new FieldViolation("page", "must be 0 or more (got " + page + ")"));
    }
    if (size < 1 || size > MAX_SIZE) {
      violations.add(new FieldViolation("size", "must be between 1 and " + MAX_SIZE + " (got " + size + ")"));
    }
    if (!violations.isEmpty()) {
      throw new InvalidDirectoryRequestException(violations);
    }
    return new Paging(page, size);
  }

  long offset() {
    return (long) page * size;
  }
}
