package io.wacall.workflows.call;

import java.time.Duration;
import java.util.List;

/**
 * A business number's call settings and ring group, read once when a call starts: a change applies
 * to the next call, never to one already ringing. Missing values get the defaults below, so a
 * partial directory row cannot stall a call.
 *
 * @param businessCountry ISO 3166 alpha-2 of the display number (it decides businessInitiatedCallingAllowed)
 * @param members the ring group in ring order: the primary first, then the backups
 * @param ringTimeout how long each member is rung
 * @param wrapUp how long after the call's end a disposition may be set
 * @param maxTotalRing the ceiling of the whole ring sequence, counted from Meta's connect webhook:
 *     Meta shows the caller "Not Answered" after about 30-60 s (docs/meta-cloud-api.md#answer-window)
 */
public record Routing(
    String displayNumber,
    String businessCountry,
    boolean businessInitiatedCallingAllowed,
    List<RingMember> members,
    Duration ringTimeout,
    Duration wrapUp,
    boolean callbackRequestsEnabled,
    List<String> dispositionTags,
    Duration maxTotalRing) {

  public static final Duration DEFAULT_RING_TIMEOUT = Duration.ofSeconds(20);
  /** One hour, as the default of {@code wacall.calling.default-wrap-up}. */
  public static final Duration DEFAULT_WRAP_UP = Duration.ofHours(1);
  /** Inside Meta's 30-60 s accept window with room for pre_accept and accept. */
  public static final Duration DEFAULT_MAX_TOTAL_RING = Duration.ofSeconds(45);
  public static final List<String> DEFAULT_DISPOSITION_TAGS = List.of("Resolved", "Follow-up Required", "No Answer");

  public Routing {
    members = members == null ? List.of() : List.copyOf(members);
    ringTimeout = positiveOr(ringTimeout, DEFAULT_RING_TIMEOUT);
    wrapUp = wrapUp == null || wrapUp.isNegative() ? DEFAULT_WRAP_UP : wrapUp;
    dispositionTags = dispositionTags == null || dispositionTags.isEmpty()
        ? DEFAULT_DISPOSITION_TAGS : List.copyOf(dispositionTags);
    maxTotalRing = positiveOr(maxTotalRing, DEFAULT_MAX_TOTAL_RING);
  }

  /** What a call runs with when the directory could not be read: nobody to ring, default settings. */
  public static Routing unavailable() {
    return new Routing(null, null, false, List.of(), null, null, false, null, null);
  }

  /** The configured spelling of {@code tag} if it is allowed (case-insensitive), else null. */
  public String allowedTag(String tag) {
    if (tag == null) {
      return null;
    }
    String wanted = tag.strip();
    for (String allowed : dispositionTags) {
      if (allowed.equalsIgnoreCase(wanted)) {
        return allowed;
      }
    }
    return null;
  }

  private static Duration positiveOr(Duration value, Duration fallback) {
    return value == null || value.isZero() || value.isNegative() ? fallback : value;
  }
}
