package io.wacall.workflows.directory;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.time.Duration;
import java.util.List;

/**
 * Everything a ringing call needs about its business number, read once when the call starts (a
 * later change to the directory applies to the next call, never to this one).
 *
 * <p>Durations travel as ISO-8601 strings ({@code "PT20S"}), so a workflow or client in another
 * language reads them without knowing Jackson's numeric duration format.
 *
 * @param businessCountry ISO 3166 region of the display number, as libphonenumber derives it
 * @param businessInitiatedCallingAllowed false when the business number's country is on the
 *     configured list where Meta offers no business-initiated calls
 * @param members the ring group in ring order; the first is the primary; unavailable members are
 *     included (with {@code available=false}) so the workflow can say whom it skipped
 * @param ringTimeout how long each member rings before the call moves on
 * @param wrapUp how long after the call a disposition may still be set
 * @param dispositionTags the tags a disposition may carry on this number
 * @param maxTotalRing ceiling on the sum of the ring timeouts: Meta gives a caller about 30-60 s
 *     before the call counts as not answered, so ringing must end (and the call be rejected
 *     cleanly) before that
 */
public record Routing(
    String phoneNumberId,
    String displayNumber,
    String businessCountry,
    boolean businessInitiatedCallingAllowed,
    List<RingMember> members,
    @JsonFormat(shape = JsonFormat.Shape.STRING) Duration ringTimeout,
    @JsonFormat(shape = JsonFormat.Shape.STRING) Duration wrapUp,
    boolean callbackRequestsEnabled,
    List<String> dispositionTags,
    @JsonFormat(shape = JsonFormat.Shape.STRING) Duration maxTotalRing) {

  /** Default of {@code wacall.calling.max-total-ring}: within Meta's 30-60 s, with a margin. */
  public static final Duration DEFAULT_MAX_TOTAL_RING = Duration.ofSeconds(55);

  public Routing {
    members = members == null ? List.of() : List.copyOf(members);
    dispositionTags = dispositionTags == null ? List.of() : List.copyOf(dispositionTags);
    maxTotalRing = maxTotalRing == null ? DEFAULT_MAX_TOTAL_RING : maxTotalRing;
  }

  /** Without a ceiling of its own: {@link #DEFAULT_MAX_TOTAL_RING}. */
  public Routing(String phoneNumberId, String displayNumber, String businessCountry,
      boolean businessInitiatedCallingAllowed, List<RingMember> members, Duration ringTimeout, Duration wrapUp,
      boolean callbackRequestsEnabled, List<String> dispositionTags) {
    this(phoneNumberId, displayNumber, businessCountry, businessInitiatedCallingAllowed, members, ringTimeout, wrapUp,
        callbackRequestsEnabled, dispositionTags, DEFAULT_MAX_TOTAL_RING);
  }
}
