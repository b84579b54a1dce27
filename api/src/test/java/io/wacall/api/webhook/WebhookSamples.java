package io.wacall.api.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;

/** The sample payloads under {@code src/test/resources/webhooks/}, shaped like Meta's. */
final class WebhookSamples {
  static final ObjectMapper JSON = new ObjectMapper();

  static final String PHONE_NUMBER_ID = "106540352242922";
  static final String BUSINESS_NUMBER = "15550783881";
  static final String CUSTOMER = "16315551181";
  /** The permission request the sample replies answer. */
  static final String REQUEST_WAMID = "wamid.HBgLMTYzMTU1NTExODEVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA";
  static final String UIC_WACID = "wacid.HBgLMTYzMTU1NTExODEVAgASGBQzQTM3QTJGNjMyRjMwMTNCRTAwMAA=";
  static final String BIC_WACID = "wacid.HBgLMTYzMTU1NTExODEVAgARGBIzRjE5QkM2QTg4OTJDRUZCOEIA";

  private WebhookSamples() {}

  static byte[] bytes(String name) {
    try (InputStream in = WebhookSamples.class.getResourceAsStream("/webhooks/" + name + ".json")) {
      return Objects.requireNonNull(in, "no sample " + name).readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode json(String name) {
    try {
      return (ObjectNode) JSON.readTree(bytes(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode json(String name, java.util.function.Consumer<ObjectNode> edit) {
    ObjectNode document = json(name);
    edit.accept(document);
    return document;
  }

  /**
   * The temporary-accept sample, answered now by {@code customer} with reply {@code wamid}: a
   * grant that runs for a week from now, so it is TEMPORARY on a server running in real time.
   */
  static ObjectNode temporaryAcceptNow(String customer, String wamid) {
    java.time.Instant now = java.time.Instant.now();
    return json("permission-reply-temporary-accept", d -> {
      ObjectNode message = firstMessage(d);
      message.put("from", customer).put("id", wamid).put("timestamp", String.valueOf(now.getEpochSecond() - 1));
      ((ObjectNode) message.path("interactive").path("call_permission_reply"))
          .put("expiration_timestamp", String.valueOf(now.plus(java.time.Duration.ofDays(7)).getEpochSecond()));
      ((ObjectNode) firstValue(d).path("contacts").path(0)).put("wa_id", customer);
    });
  }

  /** The delivered-status sample, for message {@code wamid} to {@code customer}, delivered {@code at}. */
  static ObjectNode delivered(String customer, String wamid, java.time.Instant at) {
    return json("message-status-delivered", d -> ((ObjectNode) firstValue(d).path("statuses").path(0))
        .put("id", wamid).put("recipient_id", customer)
        .put("timestamp", String.valueOf(at.getEpochSecond())));
  }

  /** {@code entry[0].changes[0].value}. */
  static ObjectNode firstValue(JsonNode document) {
    return (ObjectNode) document.path("entry").path(0).path("changes").path(0).path("value");
  }

  /** {@code entry[0].changes[0].value.messages[0]}. */
  static ObjectNode firstMessage(JsonNode document) {
    return (ObjectNode) firstValue(document).path("messages").path(0);
  }
}
