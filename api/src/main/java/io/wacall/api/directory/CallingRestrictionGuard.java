package io.wacall.api.directory;

import io.wacall.api.web.Problems;
import io.wacall.backend.metrics.WacallMetrics;
import io.wacall.backend.store.directory.CallingRestrictions;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * Refuses what Meta would refuse while it pauses a number's business-initiated calling (a quality
 * restriction, docs/meta-cloud-api.md#quality-restrictions): outbound calls and permission requests
 * are answered 422 {@code CALLING_RESTRICTED} with {@code restrictedUntil} and {@code Retry-After},
 * before anything reaches Temporal or Meta. The pause lifts itself at its expiry.
 */
@Component
public class CallingRestrictionGuard {
  private final CallingRestrictions restrictions;
  private final WacallMetrics metrics;
  private final Clock clock;

  public CallingRestrictionGuard(CallingRestrictions restrictions, WacallMetrics metrics, Clock clock) {
    this.restrictions = restrictions;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * Throws 422 {@code CALLING_RESTRICTED} while the number's business-initiated calling is paused.
   *
   * @param what what is refused, for the metric and the message: {@code call}, {@code permission-request}
   */
  public void requireBusinessInitiatedCalling(String phoneNumberId, String what) {
    Optional<Instant> until = restrictions.businessInitiatedPausedUntil(phoneNumberId, clock.instant());
    if (until.isEmpty()) {
      return;
    }
    metrics.refusedWhileRestricted(what);
    ProblemDetail problem = Problems.problem(HttpStatus.UNPROCESSABLE_ENTITY, "CALLING_RESTRICTED",
        "Meta restricted business-initiated calling of business number " + phoneNumberId + " until " + until.get()
            + " (a quality restriction): no " + what.replace('-', ' ') + " can be sent before then");
    problem.setProperty("restrictedUntil", until.get());
    throw Problems.retryAfter(new ErrorResponseException(HttpStatus.UNPROCESSABLE_ENTITY, problem, null), until.get(),
        clock);
  }
}
