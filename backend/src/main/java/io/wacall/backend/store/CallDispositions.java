package io.wacall.backend.store;

import io.wacall.backend.store.directory.CallingProperties;
import io.wacall.backend.store.directory.PhoneNumber;
import io.wacall.backend.store.directory.PhoneNumberRepository;
import io.wacall.contract.call.view.CallStatus;
import io.wacall.contract.call.view.CallView;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The disposition of a call: set (or replaced) by the API in the call's row of the read model,
 * with no workflow involved. Open while the call is CONNECTED, and once it has ENDED until its
 * {@code wrapUpEndsAt} (the end of the call plus the business number's wrap-up, which the call's
 * snapshot carries). The rules and their order are those the call workflows' {@code setDisposition}
 * update had: the request itself, then the window, then the tag.
 */
@Repository
public class CallDispositions {
  /** The longest note, as the {@code setDisposition} update allowed. */
  public static final int MAX_NOTE_LENGTH = 2000;

  private final JdbcClient jdbc;
  private final CallReadModel calls;
  private final PhoneNumberRepository numbers;

  public CallDispositions(JdbcClient jdbc, CallReadModel calls, PhoneNumberRepository numbers) {
    this.jdbc = jdbc;
    this.calls = calls;
    this.numbers = numbers;
  }

  /** What became of a disposition: {@code view} (with the disposition) when SET, else why not. */
  public record Result(Outcome outcome, CallView view, String message) {
    static Result refused(Outcome outcome, String message) {
      return new Result(outcome, null, message);
    }
  }

  public enum Outcome { SET, NO_CALL, INVALID_REQUEST, NOT_OPEN, TAG_NOT_ALLOWED }

  /**
   * Sets the disposition of call {@code id} as of {@code now}: the tag in the business number's
   * spelling, {@code note} and {@code setBy} as given. A second one in the window replaces it.
   */
  public Result set(String id, String tag, String note, String setBy, Instant now) {
    if (tag == null || tag.isBlank()) {
      return Result.refused(Outcome.INVALID_REQUEST, "a tag is required");
    }
    if (note != null && note.length() > MAX_NOTE_LENGTH) {
      return Result.refused(Outcome.INVALID_REQUEST, "the note is longer than " + MAX_NOTE_LENGTH + " characters");
    }
    Optional<Window> window = jdbc.sql("SELECT phone_number_id, status, wrap_up_ends_at FROM call_records WHERE id = :id")
        .param("id", id)
        .query((rs, n) -> new Window(rs.getString("phone_number_id"), rs.getString("status"),
            Timestamps.read(rs, "wrap_up_ends_at")))
        .optional();
    if (window.isEmpty()) {
      return Result.refused(Outcome.NO_CALL, "no call " + id);
    }
    String closed = window.get().whyClosed(now);
    if (closed != null) {
      return Result.refused(Outcome.NOT_OPEN, closed);
    }
    List<String> allowed = tagsOf(window.get().phoneNumberId());
    String canonical = allowedTag(allowed, tag);
    if (canonical == null) {
      return Result.refused(Outcome.TAG_NOT_ALLOWED, "tag '" + tag + "' is not allowed for this business number; allowed: "
          + String.join(", ", allowed));
    }
    // the window is checked again by the write itself: a snapshot may have ended the call meanwhile
    Optional<CallView> set = jdbc.sql("""
        UPDATE call_records SET api_disposition_tag = :tag, api_disposition_note = :note,
            api_disposition_set_by = :setBy, api_disposition_set_at = :now, disposition_tag = :tag
        WHERE id = :id
          AND (status = 'CONNECTED' OR (status = 'ENDED' AND wrap_up_ends_at > :now))
        RETURNING\s""" + CallReadModel.VIEW_COLUMNS)
        .param("id", id)
        .param("tag", canonical)
        .param("note", note)
        .param("setBy", setBy)
        .param("now", Timestamps.of(now))
        .query((rs, n) -> calls.view(rs))
        .optional();
    return set.map(view -> new Result(Outcome.SET, view, null))
        .orElseGet(() -> Result.refused(Outcome.NOT_OPEN, "the wrap-up window of " + id + " has closed"));
  }

  /**
   * The number's tags; a number missing from the directory (or without tags) has the default
   * ones, as a call routed without its directory row does.
   */
  private List<String> tagsOf(String phoneNumberId) {
    List<String> tags = numbers.find(phoneNumberId).map(PhoneNumber::dispositionTags).orElse(List.of());
    return tags.isEmpty() ? CallingProperties.DEFAULT_DISPOSITION_TAGS : tags;
  }

  /**
   * The configured spelling of {@code tag} if it is one of {@code allowed}: surrounding blanks
   * ignored, compared case-insensitively (the rule of the workflows' {@code Routing.allowedTag}).
   */
  static String allowedTag(List<String> allowed, String tag) {
    if (tag == null) {
      return null;
    }
    String wanted = tag.strip();
    for (String candidate : allowed) {
      if (candidate.equalsIgnoreCase(wanted)) {
        return candidate;
      }
    }
    return null;
  }

  private record Window(String phoneNumberId, String status, Instant wrapUpEndsAt) {
    /** Why no disposition can be set now, or null when it can. */
    String whyClosed(Instant now) {
      if (CallStatus.CONNECTED.name().equals(status)) {
        return null;
      }
      if (!CallStatus.ENDED.name().equals(status)) {
        return "a disposition can be set once the call has connected or ended (now " + status + ")";
      }
      if (wrapUpEndsAt == null) {
        return "the call ended without a wrap-up window";
      }
      return now.isBefore(wrapUpEndsAt) ? null : "the wrap-up window closed at " + wrapUpEndsAt;
    }
  }
}
