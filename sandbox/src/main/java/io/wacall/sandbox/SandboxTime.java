package io.wacall.sandbox;

import java.time.Clock;
import java.time.Instant;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The sandbox's notion of now: the application's {@link Clock} bean when it has exactly one (so a
 * test can move it past Meta's 24 h and 7 day windows), else the system clock. It is not itself a
 * {@code Clock} bean, so it never makes another module's {@code Clock} injection ambiguous. Delays
 * (reply, ring, talk) run on real time; only the instants Meta reports follow this clock.
 */
@Component
public class SandboxTime {
  private final Clock clock;

  public SandboxTime(ObjectProvider<Clock> clock) {
    this.clock = clock.getIfUnique(Clock::systemUTC);
  }

  public Instant now() {
    return clock.instant();
  }

  /** Meta's wire form of an instant: UNIX seconds as a string. */
  public static String unixSeconds(Instant instant) {
    return Long.toString(instant.getEpochSecond());
  }
}
