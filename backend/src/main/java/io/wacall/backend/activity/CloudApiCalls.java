package io.wacall.backend.activity;

import io.wacall.backend.cloudapi.GraphApiException;
import java.util.function.Supplier;

/**
 * A Cloud API call made by an activity: a {@link GraphApiException} leaves as the Temporal failure
 * {@link GraphApiException#toApplicationFailure()} builds (type from the category, the
 * {@code CloudApiErrorDetails} as first detail), which is what the call workflows act on.
 */
final class CloudApiCalls {
  private CloudApiCalls() {}

  static void run(Runnable action) {
    try {
      action.run();
    } catch (GraphApiException e) {
      throw e.toApplicationFailure();
    }
  }

  static <T> T get(Supplier<T> action) {
    try {
      return action.get();
    } catch (GraphApiException e) {
      throw e.toApplicationFailure();
    }
  }
}
