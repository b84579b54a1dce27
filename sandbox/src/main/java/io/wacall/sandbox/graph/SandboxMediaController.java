package io.wacall.sandbox.graph;

import io.wacall.sandbox.SandboxGuard;
import io.wacall.sandbox.media.SandboxMedia;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Meta's media endpoints as the sandbox plays them (docs/meta-cloud-api.md#call-recording):
 * {@code GET /{media-id}} answers a URL, and the URL answers the file; both want the access token.
 */
@RestController
class SandboxMediaController {
  static final String FILES_PATH = "/sandbox/media/";

  private final SandboxMedia media;

  SandboxMediaController(SandboxMedia media) {
    this.media = media;
  }

  @GetMapping(SandboxGuard.GRAPH_PATH + "/{version}/{mediaId:[0-9]+}")
  Map<String, Object> lookup(@PathVariable String mediaId,
      @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
    GraphTokens.require(authorization);
    SandboxMedia.File file = media.find(mediaId).orElseThrow(() -> GraphError.unknownObject(mediaId));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("messaging_product", "whatsapp");
    body.put("url", ServletUriComponentsBuilder.fromCurrentContextPath().path(FILES_PATH + mediaId).toUriString());
    body.put("mime_type", file.mimeType());
    body.put("sha256", file.sha256Base64());
    body.put("file_size", file.bytes().length);
    body.put("id", mediaId);
    return body;
  }

  @GetMapping(FILES_PATH + "{mediaId}")
  ResponseEntity<byte[]> download(@PathVariable String mediaId,
      @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
    GraphTokens.require(authorization);
    SandboxMedia.File file = media.find(mediaId).orElseThrow(() -> GraphError.unknownObject(mediaId));
    return ResponseEntity.ok().contentType(MediaType.parseMediaType(file.mimeType())).body(file.bytes());
  }
}
