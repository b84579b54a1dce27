package io.wacall.sandbox.media;

import io.wacall.sandbox.SandboxIds;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The media files the sandbox "made" of calls it played with recording or transcription enabled:
 * a real small OGG/Opus recording (one second of a tone, the same for every call) and a transcript
 * JSON of Meta's shape written for the call. Served by {@link SandboxMediaController}. Kept in
 * memory, as Meta keeps them 7 days: the sandbox forgets them when it stops.
 */
@Component
public class SandboxMedia {
  static final String RECORDING_RESOURCE = "/sandbox-media/recording.ogg";
  public static final String OGG = "audio/ogg; codecs=opus";
  public static final String JSON = "application/json";

  /** A file the sandbox serves. */
  public record File(String id, byte[] bytes, String mimeType) {
    /** SHA-256 in base64, as Meta's webhooks give it. */
    public String sha256Base64() {
      try {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private final Map<String, File> files = new ConcurrentHashMap<>();
  private final SandboxIds ids;
  private final byte[] recording;

  public SandboxMedia(SandboxIds ids) {
    this.ids = ids;
    try (InputStream in = SandboxMedia.class.getResourceAsStream(RECORDING_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("no " + RECORDING_RESOURCE + " on the classpath");
      }
      this.recording = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A recording of a call. */
  public File recording() {
    return add(recording, OGG);
  }

  /** A transcript of a call: the business greets, the customer answers (Meta's JSON shape). */
  public File transcript(String profileName, int seconds) {
    String who = profileName == null ? "the customer" : profileName.replace("\"", "");
    String json = """
        {"transcript":{"text":"Hello, this is the sandbox business. Hello, this is %s.","language":"en_US",\
        "confidence":0.91},"segments":[\
        {"speaker":"Business","channel":0,"start_time":0.2,"end_time":1.9,\
        "text":"Hello, this is the sandbox business.","confidence":0.93},\
        {"speaker":"Customer","channel":1,"start_time":2.3,"end_time":%d.0,\
        "text":"Hello, this is %s.","confidence":0.89}]}""".formatted(who, Math.max(3, seconds), who);
    return add(json.getBytes(StandardCharsets.UTF_8), JSON);
  }

  public Optional<File> find(String id) {
    return Optional.ofNullable(files.get(id));
  }

  private File add(byte[] bytes, String mimeType) {
    File file = new File(ids.mediaId(), bytes, mimeType);
    files.put(file.id(), file);
    return file;
  }
}
