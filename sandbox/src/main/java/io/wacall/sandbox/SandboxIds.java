package io.wacall.sandbox;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * Opaque ids shaped like Meta's: {@code wamid.<base64>} for messages, {@code wacid.<base64>} for
 * calls. Clients must store them verbatim and never parse them (docs/meta-cloud-api.md#call-ids),
 * so only uniqueness matters: a counter guarantees it, the random part makes them look opaque, and
 * {@code wacall.sandbox.id-seed} makes a run's ids repeatable.
 */
@Component
public class SandboxIds {
  private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

  private final Random random;
  private final AtomicLong counter = new AtomicLong();

  public SandboxIds(SandboxProperties properties) {
    this.random = properties.idSeed() == null ? new Random() : new Random(properties.idSeed());
  }

  public String messageId() {
    return "wamid." + opaque();
  }

  public String callId() {
    return "wacid." + opaque();
  }

  /** A media id, digits as Meta's are. */
  public String mediaId() {
    return Long.toString(1_000_000_000_000_000L + Math.floorMod(random.nextLong(), 8_000_000_000_000_000L));
  }

  /** Graph puts one in every error body for Meta's support to trace the request. */
  public String fbtraceId() {
    byte[] bytes = new byte[8];
    random.nextBytes(bytes);
    return BASE64.encodeToString(bytes);
  }

  private String opaque() {
    byte[] randomPart = new byte[16];
    random.nextBytes(randomPart);
    return BASE64.encodeToString(
        ByteBuffer.allocate(24).put(randomPart).putLong(counter.incrementAndGet()).array());
  }
}
