package io.wacall.backend.store.directory;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long placing a business-initiated call may take, bound from {@code wacall.calling.*} (next to
 * {@link CallingProperties}). An SDP offer does not keep: the agent's client waits for the answer
 * with its media ready, and gives up after some seconds.
 *
 * @param placeTimeout how long {@code POST /api/v1/calls} waits for the checks and the connect
 *     attempt. A few seconds more than they take (the checks are quick, the connect's own timeout
 *     is 20 s). When it passes and no worker has taken the call yet, the API withdraws the run (it
 *     is terminated, never placed) and answers 503 {@code WORKER_UNAVAILABLE}
 * @param maxOfferAge the oldest request a worker still places: a run that a worker takes later
 *     than this after the API started it is refused by the checks, never connected with a stale
 *     offer (the API was not there to withdraw it: it crashed or was restarted while waiting)
 */
@ConfigurationProperties("wacall.calling")
public record OutboundCallProperties(
    @DefaultValue(DEFAULT_PLACE_TIMEOUT) Duration placeTimeout,
    @DefaultValue(DEFAULT_MAX_OFFER_AGE) Duration maxOfferAge) {

  static final String DEFAULT_PLACE_TIMEOUT = "25s";
  static final String DEFAULT_MAX_OFFER_AGE = "60s";

  public OutboundCallProperties {
    placeTimeout = placeTimeout == null ? Duration.parse("PT" + DEFAULT_PLACE_TIMEOUT.toUpperCase()) : placeTimeout;
    maxOfferAge = maxOfferAge == null ? Duration.parse("PT" + DEFAULT_MAX_OFFER_AGE.toUpperCase()) : maxOfferAge;
    if (placeTimeout.isNegative() || placeTimeout.isZero()) {
      throw new IllegalArgumentException("wacall.calling.place-timeout must be positive (got " + placeTimeout + ")");
    }
    if (maxOfferAge.isNegative() || maxOfferAge.isZero()) {
      throw new IllegalArgumentException("wacall.calling.max-offer-age must be positive (got " + maxOfferAge + ")");
    }
  }

  /** Defaults everywhere. */
  public static OutboundCallProperties defaults() {
    return new OutboundCallProperties(null, null);
  }
}
