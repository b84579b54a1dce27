package io.wacall.api.web;

import io.wacall.backend.store.directory.FieldViolation;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * The {@code page} (from 0) and {@code size} query parameters of every list, bounded so that an
 * offset never overflows or asks the database to skip billions of rows: refused with 400 naming
 * the parameter, never a 500.
 */
public record Paging(int page, int size) {
  /** Deeper than any list a person pages through; filters narrow a search further. */
  public static final int MAX_PAGE = 100_000;

  public static Paging of(int page, int size, int maxSize) {
    List<FieldViolation> violations = new ArrayList<>();
    if (page < 0 || page > MAX_PAGE) {
      violations.add(new FieldViolation("page", "must be between 0 and " + MAX_PAGE + " (got " + page + ")"));
    }
    if (size < 1 || size > maxSize) {
      violations.add(new FieldViolation("size", "must be between 1 and " + maxSize + " (got " + size + ")"));
    }
    if (!violations.isEmpty()) {
      throw Problems.invalid(violations);
    }
    return new Paging(page, size);
  }

  /**
   * As {@link #of(int, int, int)}, with a keyset {@code cursor} (a list's {@code nextCursor}), which
   * names the page itself: given with a {@code page} other than 0, refused with 400.
   */
  public static Paging of(int page, int size, int maxSize, String cursor) {
    if (cursor != null && page != 0) {
      throw Problems.invalid(List.of(new FieldViolation("cursor",
          "give either page or cursor: a cursor names its page (got page " + page + ")")));
    }
    if (cursor != null && cursor.isBlank()) {
      throw Problems.invalid(List.of(new FieldViolation("cursor", "must not be blank")));
    }
    return of(page, size, maxSize);
  }

  /** At most {@value #MAX_PAGE} x the largest size: well inside an int. */
  public int offset() {
    return Math.multiplyExact(page, size);
  }
}
