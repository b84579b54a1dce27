package io.wacall.api.call;

import io.wacall.contract.call.view.CallView;
import io.wacall.workflows.media.MediaKind;
import java.time.Duration;
import java.util.List;

/**
 * What Meta was asked to make of a call, and what became of it (docs/api.md#recordings-and-transcripts).
 *
 * @param outcome {@code AVAILABLE} (wacall keeps a recording or transcript of it), {@code PENDING}
 *     (not made yet: the call runs, or Meta is processing it), or
 *     {@code DECLINED_DURING_ANNOUNCEMENT}: the call ended within the announcement window of being
 *     answered and nothing was made of it. Meta sends no event for a party hanging up during its
 *     announcement; this is wacall's reading of the call's length.
 */
public record CallCaptureView(boolean recording, boolean transcription, String outcome) {
  static final String AVAILABLE = "AVAILABLE";
  static final String PENDING = "PENDING";
  static final String DECLINED_DURING_ANNOUNCEMENT = "DECLINED_DURING_ANNOUNCEMENT";

  static CallCaptureView of(boolean recording, boolean transcription, CallView call, List<MediaKind> media,
      Duration announcementWindow) {
    if (media.stream().anyMatch(kind -> kind != MediaKind.VOICEMAIL)) {
      return new CallCaptureView(recording, transcription, AVAILABLE);
    }
    boolean ended = call.endedAt() != null;
    Integer seconds = call.durationSeconds();
    boolean shortAfterAnswer = call.answeredAt() != null
        && (seconds != null ? seconds <= announcementWindow.toSeconds()
            : ended && Duration.between(call.answeredAt(), call.endedAt()).compareTo(announcementWindow) <= 0);
    return new CallCaptureView(recording, transcription,
        ended && shortAfterAnswer ? DECLINED_DURING_ANNOUNCEMENT : PENDING);
  }
}
