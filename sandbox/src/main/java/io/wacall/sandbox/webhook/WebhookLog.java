package io.wacall.sandbox.webhook;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.wacall.sandbox.SandboxProperties;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.springframework.stereotype.Component;

/** The last webhooks the sandbox sent and how each delivery went, oldest first, bounded. */
@Component
public class WebhookLog {
  /** Where a delivery stands. */
  public enum Outcome {
    SENDING,
    DELIVERED,
    RETRYING,
    GAVE_UP
  }

  /**
   * One webhook.
   *
   * @param httpStatus what our adapter answered to the last attempt; null if it could not be
   *     reached
   * @param error why the last attempt failed ("HTTP 500", a connection error), if it did
   * @param payload exactly the bytes that were signed and sent
   */
  public record Entry(
      long sequence,
      Instant createdAt,
      String url,
      String field,
      String summary,
      String waId,
      String subject,
      Outcome outcome,
      int attempts,
      Integer httpStatus,
      String error,
      @JsonRawValue String payload) {

    Entry afterAttempt(Outcome outcome, int attempts, Integer httpStatus, String error) {
      return new Entry(
          sequence,
          createdAt,
          url,
          field,
          summary,
          waId,
          subject,
          outcome,
          attempts,
          httpStatus,
          error,
          payload);
    }
  }

  private final int capacity;
  private final Map<Long, Entry> entries;
  private long lastSequence;

  public WebhookLog(SandboxProperties properties) {
    this.capacity = Math.max(1, properties.webhookLogSize());
    // Insertion-ordered; replacing an entry keeps its place; the oldest falls out past capacity.
    this.entries =
        new LinkedHashMap<>() {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Long, Entry> eldest) {
            return size() > capacity;
          }
        };
  }

  /** Records a webhook about to be sent; returns its sequence number. */
  public synchronized long add(Webhook webhook, String url, String payload, Instant at) {
    long sequence = ++lastSequence;
    entries.put(
        sequence,
        new Entry(
            sequence,
            at,
            url,
            webhook.field(),
            webhook.summary(),
            webhook.waId(),
            webhook.subject(),
            Outcome.SENDING,
            0,
            null,
            null,
            payload));
    return sequence;
  }

  /** Updates an entry, if it is still kept. */
  public synchronized void update(long sequence, UnaryOperator<Entry> change) {
    entries.computeIfPresent(sequence, (key, entry) -> change.apply(entry));
  }

  /** Oldest first; only this customer's when {@code waId} is given. */
  public synchronized List<Entry> entries(String waId) {
    List<Entry> list = new ArrayList<>(entries.size());
    for (Entry entry : entries.values()) {
      if (waId == null || waId.equals(entry.waId())) {
        list.add(entry);
      }
    }
    return list;
  }
}
