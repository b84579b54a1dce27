package io.wacall.sandbox.call;

import io.wacall.sandbox.SandboxScheduler;
import io.wacall.sandbox.SandboxTime;
import io.wacall.sandbox.media.SandboxMedia;
import io.wacall.sandbox.webhook.CallLeg;
import io.wacall.sandbox.webhook.WebhookPayload;
import io.wacall.sandbox.webhook.WebhookSender;
import io.wacall.sandbox.webhook.Webhooks;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * After a connected call that was recorded or transcribed ends, Meta processes the media (usually
 * under a minute) and sends {@code call_recording_available} / {@code call_transcription_available}
 * (docs/meta-cloud-api.md#call-recording). The sandbox does the same {@link #PROCESSING} after the
 * end, with real files ({@link SandboxMedia}) its Graph media endpoints serve.
 */
@Component
class MediaAfterCall {
  /** How long the sandbox "processes" a call's media. */
  static final Duration PROCESSING = Duration.ofSeconds(1);

  private final SandboxMedia media;
  private final Webhooks webhooks;
  private final WebhookSender sender;
  private final SandboxScheduler scheduler;
  private final SandboxTime time;

  MediaAfterCall(SandboxMedia media, Webhooks webhooks, WebhookSender sender, SandboxScheduler scheduler,
      SandboxTime time) {
    this.media = media;
    this.webhooks = webhooks;
    this.sender = sender;
    this.scheduler = scheduler;
    this.time = time;
  }

  /** A call that ended: its media webhooks, when it connected and asked for any. */
  void ended(CallLeg leg, Capture capture, Instant connectedAt, Instant endedAt) {
    if (connectedAt == null || capture == null || !capture.any()) {
      return;
    }
    int seconds = (int) Duration.between(connectedAt, endedAt).toSeconds();
    scheduler.schedule(PROCESSING, () -> {
      Instant now = time.now();
      if (capture.recording()) {
        sender.enqueue(webhooks.callMediaAvailable(leg, true, describe(media.recording()), now));
      }
      if (capture.transcription()) {
        sender.enqueue(webhooks.callMediaAvailable(leg, false, describe(media.transcript(leg.profileName(), seconds)),
            now));
      }
    });
  }

  /**
   * A user-initiated call the business rejected or let ring out: a caller who leaves a voicemail
   * records it (Meta's REJECT and TIMEOUT triggers), and it arrives as an audio message whose id is
   * the call's wacid (docs/meta-cloud-api.md#voicemail).
   */
  void missed(CallLeg leg, boolean leavesVoicemail) {
    if (!leavesVoicemail) {
      return;
    }
    scheduler.schedule(PROCESSING, () -> sender.enqueue(webhooks.voicemail(leg, describe(media.recording()),
        time.now())));
  }

  /** The webhook's media object; its URL is a placeholder as Meta's lives 5 minutes: ask by id. */
  private static WebhookPayload.Media describe(SandboxMedia.File file) {
    return new WebhookPayload.Media(file.id(), file.sha256Base64(), file.mimeType(),
        "https://lookaside.sandbox.invalid/media/" + file.id());
  }
}
