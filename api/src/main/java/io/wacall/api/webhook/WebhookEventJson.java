package io.wacall.api.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.springframework.stereotype.Component;

/**
 * A decoded event as the store keeps it (column {@code webhook_events.event}): the JSON of the
 * typed record, written with the project's ObjectMapper, and read back into the record its kind
 * names ({@link WebhookEventKind#eventType()}; the row's {@code kind} column is the
 * discriminator). What the intake decoded is what the dispatcher routes: Meta's shape is read once,
 * by {@link WebhookPayloadParser}.
 *
 * <p>The JSON holds the records' components and nothing else (a bean-style getter such as
 * {@link MetaCallEvent#isConnect()} is marked {@code @JsonIgnore}). Instants are written as ISO-8601
 * whatever {@code spring.jackson.*} says, so a setting cannot change what is stored. Reading
 * ignores properties it does not know, so an instance of the previous version reads what a newer
 * one wrote during a rolling deploy; a component removed or retyped needs a new kind, or the rows
 * still PENDING migrated.
 */
@Component
public class WebhookEventJson {
  private final ObjectMapper json;

  public WebhookEventJson(ObjectMapper objectMapper) {
    this.json = objectMapper.copy()
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  /** The event's JSON, for the store. */
  public String write(WebhookEvent event) {
    try {
      return json.writeValueAsString(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + event.kind() + " " + event.dedupeKey() + " as JSON", e);
    }
  }

  /**
   * The stored event of this kind, as the intake decoded it.
   *
   * @throws MalformedWebhookEventException when the JSON is not an event of this kind (a row
   *     written by hand, or by a version whose record was incompatible): the same bytes would fail
   *     the same way, so it is not retried
   */
  public WebhookEvent read(WebhookEventKind kind, String stored) {
    WebhookEvent event;
    try {
      event = json.readValue(stored, kind.eventType());
    } catch (JsonProcessingException e) {
      throw new MalformedWebhookEventException("stored event is not a " + kind.eventType().getSimpleName() + ": "
          + e.getOriginalMessage());
    }
    if (event == null) {
      throw new MalformedWebhookEventException("stored event is JSON null");
    }
    return event;
  }
}
