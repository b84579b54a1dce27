package io.wacall.backend.store.directory;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Calling settings of the directory, bound from {@code wacall.calling.*}. The compact constructor
 * applies the defaults too, so tests can pass {@code null} for anything they do not care about,
 * and refuses a configuration that cannot work, naming the key, so a typo fails at start-up.
 *
 * @param businessInitiatedBlockedCountries ISO 3166 regions whose business numbers cannot place
 *     business-initiated calls. Meta's list (docs/meta-cloud-api.md#availability, June 2026):
 *     US, CA, EG, VN, NG; copies of November 2025 also listed TR, and nothing of Meta's says it was
 *     lifted, so TR is in the default too (a refused connect is Meta's error 138013 after the
 *     agent waited). It is configuration: an operator whose Turkish number can call takes TR out
 * @param defaultRingTimeout how long each ring-group member rings when a number does not say
 * @param minRingTimeout the shortest ring timeout a number may set: a person needs a few seconds
 *     to reach the answer button
 * @param maxTotalRing ceiling on the whole ring: Meta gives a caller about 30-60 s before the
 *     call counts as not answered (docs/meta-cloud-api.md#answer-window); one member's timeout may not exceed it,
 *     and the InboundCall workflow stops ringing when the sum reaches it
 * @param defaultWrapUp how long after a call its disposition may be set, when a number does not say
 * @param defaultDispositionTags the disposition tags of a number that does not list its own
 */
@ConfigurationProperties("wacall.calling")
public record CallingProperties(
    @DefaultValue({"US", "CA", "EG", "VN", "NG", "TR"}) List<String> businessInitiatedBlockedCountries,
    @DefaultValue(DEFAULT_RING_TIMEOUT) Duration defaultRingTimeout,
    @DefaultValue(DEFAULT_MIN_RING_TIMEOUT) Duration minRingTimeout,
    @DefaultValue(DEFAULT_MAX_TOTAL_RING) Duration maxTotalRing,
    @DefaultValue(DEFAULT_WRAP_UP) Duration defaultWrapUp,
    @DefaultValue({"Resolved", "Follow-up Required", "No Answer"}) List<String> defaultDispositionTags) {

  public static final List<String> DEFAULT_BLOCKED_COUNTRIES = List.of("US", "CA", "EG", "VN", "NG", "TR");
  public static final List<String> DEFAULT_DISPOSITION_TAGS = List.of("Resolved", "Follow-up Required", "No Answer");
  static final String DEFAULT_RING_TIMEOUT = "20s";
  static final String DEFAULT_MIN_RING_TIMEOUT = "5s";
  static final String DEFAULT_MAX_TOTAL_RING = "45s";
  static final String DEFAULT_WRAP_UP = "1h";
  private static final Pattern REGION = Pattern.compile("[A-Z]{2}");

  public CallingProperties {
    businessInitiatedBlockedCountries = regions(businessInitiatedBlockedCountries == null
        ? DEFAULT_BLOCKED_COUNTRIES : businessInitiatedBlockedCountries);
    defaultRingTimeout = defaultRingTimeout == null ? Duration.ofSeconds(20) : defaultRingTimeout;
    minRingTimeout = minRingTimeout == null ? Duration.ofSeconds(5) : minRingTimeout;
    maxTotalRing = maxTotalRing == null ? Duration.ofSeconds(45) : maxTotalRing;
    defaultWrapUp = defaultWrapUp == null ? Duration.ofHours(1) : defaultWrapUp;
    defaultDispositionTags = defaultDispositionTags == null || defaultDispositionTags.isEmpty()
        ? DEFAULT_DISPOSITION_TAGS : List.copyOf(defaultDispositionTags);
    if (minRingTimeout.isNegative() || minRingTimeout.isZero()) {
      throw new IllegalArgumentException("wacall.calling.min-ring-timeout must be positive (got " + minRingTimeout + ")");
    }
    if (maxTotalRing.compareTo(minRingTimeout) < 0) {
      throw new IllegalArgumentException("wacall.calling.max-total-ring (" + maxTotalRing
          + ") must be at least wacall.calling.min-ring-timeout (" + minRingTimeout + ")");
    }
    if (defaultRingTimeout.compareTo(minRingTimeout) < 0 || defaultRingTimeout.compareTo(maxTotalRing) > 0) {
      throw new IllegalArgumentException("wacall.calling.default-ring-timeout (" + defaultRingTimeout
          + ") must be between " + minRingTimeout + " and " + maxTotalRing);
    }
    if (defaultWrapUp.isNegative()) {
      throw new IllegalArgumentException("wacall.calling.default-wrap-up must not be negative (got " + defaultWrapUp + ")");
    }
  }

  /** Defaults everywhere. */
  public static CallingProperties defaults() {
    return new CallingProperties(null, null, null, null, null, null);
  }

  /** Whether a business number of this region may place business-initiated calls. */
  public boolean businessInitiatedCallingAllowed(String region) {
    return region != null && !businessInitiatedBlockedCountries.contains(region.toUpperCase(Locale.ROOT));
  }

  private static List<String> regions(List<String> configured) {
    Set<String> regions = new LinkedHashSet<>();
    for (String value : configured) {
      String region = value == null ? "" : value.trim().toUpperCase(Locale.ROOT);
      if (!REGION.matcher(region).matches()) {
        throw new IllegalArgumentException("wacall.calling.business-initiated-blocked-countries: '" + value
            + "' is not an ISO 3166 two-letter region code");
      }
      regions.add(region);
    }
    return List.copyOf(regions);
  }
}
