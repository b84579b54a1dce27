package io.wacall.api.call;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.wacall.api.security.Caller;
import io.wacall.api.security.Role;
import io.wacall.api.security.Roles;
import io.wacall.api.web.Fails;
import io.wacall.api.web.ProblemCode;
import io.wacall.api.web.Problems;
import io.wacall.backend.media.MediaStore;
import io.wacall.backend.store.CallReadModel;
import io.wacall.backend.store.media.CallMediaRepository;
import io.wacall.backend.store.media.CallMediaRow;
import io.wacall.contract.call.view.CallView;
import io.wacall.workflows.media.MediaKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A call's recording and transcript, made by Meta and kept by wacall (docs/api.md#recordings-and-transcripts):
 * for services, and for the agent who answered or placed the call.
 */
@RestController
@RequestMapping("/api/v1/calls")
@Tag(name = "Calls")
public class CallMediaController {
  private final CallReadModel calls;
  private final CallMediaRepository media;
  private final MediaStore store;
  private final ObjectMapper json;

  public CallMediaController(CallReadModel calls, CallMediaRepository media, MediaStore store, ObjectMapper json) {
    this.calls = calls;
    this.media = media;
    this.store = store;
    this.json = json;
  }

  /** Meta's transcript, as wacall returns it: the whole text, its language, and Meta's segments by speaker. */
  public record TranscriptResponse(String callId, String text, String language, Double confidence, JsonNode segments) {}

  @GetMapping(value = "/{id}/recording", produces = "audio/ogg")
  @Operation(summary = "The call's recording (audio/ogg, Opus), streamed")
  @Roles({Role.SERVICE, Role.AGENT})
  @Fails({ProblemCode.CALL_NOT_FOUND, ProblemCode.MEDIA_NOT_FOUND})
  public ResponseEntity<InputStreamResource> recording(@PathVariable String id) {
    return audio(id, MediaKind.RECORDING);
  }

  @GetMapping(value = "/{id}/voicemail", produces = "audio/ogg")
  @Operation(summary = "The voicemail the caller left after the call was missed (audio/ogg, Opus), streamed",
      description = "Kept when wacall.voicemail.enabled is on; Meta's voicemail is alpha, for early partners.")
  @Roles({Role.SERVICE, Role.AGENT})
  @Fails({ProblemCode.CALL_NOT_FOUND, ProblemCode.MEDIA_NOT_FOUND})
  public ResponseEntity<InputStreamResource> voicemail(@PathVariable String id) {
    return audio(id, MediaKind.VOICEMAIL);
  }

  /** A call's audio of that kind, streamed with its length, as {@code <kind>.ogg}. */
  private ResponseEntity<InputStreamResource> audio(String id, MediaKind kind) {
    CallMediaRow row = row(id, kind);
    InputStream in = open(row);
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType(kind.contentType()))
        .contentLength(row.sizeBytes())
        .header(HttpHeaders.CONTENT_DISPOSITION,
            "inline; filename=\"" + kind.name().toLowerCase(java.util.Locale.ROOT) + ".ogg\"")
        .body(new InputStreamResource(in));
  }

  @GetMapping("/{id}/transcript")
  @Operation(summary = "The call's transcript: text, language and segments by speaker (Business or Customer)")
  @Roles({Role.SERVICE, Role.AGENT})
  @Fails({ProblemCode.CALL_NOT_FOUND, ProblemCode.MEDIA_NOT_FOUND})
  public TranscriptResponse transcript(@PathVariable String id) {
    CallMediaRow row = row(id, MediaKind.TRANSCRIPT);
    JsonNode document;
    try (InputStream in = open(row)) {
      document = json.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    JsonNode transcript = document.path("transcript");
    JsonNode segments = document.has("segments") ? document.get("segments") : transcript.path("segments");
    return new TranscriptResponse(id, textOrNull(transcript.path("text")), textOrNull(transcript.path("language")),
        transcript.path("confidence").isNumber() ? transcript.path("confidence").asDouble() : null,
        segments.isArray() ? segments : json.createArrayNode());
  }

  /** The call's media row, once the caller may see the call. */
  private CallMediaRow row(String id, MediaKind kind) {
    CallView call = calls.find(id)
        .orElseThrow(() -> Problems.error(HttpStatus.NOT_FOUND, "CALL_NOT_FOUND", "no call " + id));
    Caller caller = Caller.current();
    if (caller.isAgentOnly() && !caller.name().equals(call.agentId())) {
      throw Caller.forbidden("an agent reads the recording, transcript and voicemail of its own calls only");
    }
    return (call.wacid() == null ? java.util.Optional.<CallMediaRow>empty() : media.find(call.wacid(), kind))
        .orElseThrow(() -> Problems.error(HttpStatus.NOT_FOUND, "MEDIA_NOT_FOUND",
            "call " + id + " has no " + kind.name().toLowerCase(java.util.Locale.ROOT)));
  }

  private InputStream open(CallMediaRow row) {
    return store.open(row.objectKey()).orElseThrow(() -> Problems.error(HttpStatus.NOT_FOUND, "MEDIA_NOT_FOUND",
        "the " + row.kind().name().toLowerCase(java.util.Locale.ROOT) + " of call " + row.callId()
            + " is no longer in the store"));
  }

  private static String textOrNull(JsonNode node) {
    return node.isTextual() ? node.asText() : null;
  }
}
