package io.wacall.api.webhook;

import static io.wacall.api.webhook.WebhookSamples.firstMessage;
import static io.wacall.api.webhook.WebhookSamples.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The decoded event as the store keeps it: every event of every sample comes back from its JSON
 * as the very record the parser made, and the JSON holds the record's components and nothing more.
 */
class WebhookEventJsonTest {
  /** As Spring Boot builds it, with the settings of application.yml; dates as numbers to show they are pinned. */
  private final ObjectMapper projectMapper = new ObjectMapper().findAndRegisterModules()
      .enable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
  private final WebhookEventJson events = new WebhookEventJson(projectMapper);
  private final WebhookPayloadParser parser = new WebhookPayloadParser();

  @Test
  void everySampleEvent_comesBackAsTheRecordTheParserMade_ofEveryKind() {
    List<WebhookEvent> decoded = sampleEvents();
    Set<WebhookEventKind> kinds = EnumSet.noneOf(WebhookEventKind.class);

    for (WebhookEvent event : decoded) {
      String stored = events.write(event);
      assertThat(events.read(event.kind(), stored)).as(stored).isEqualTo(event);
      kinds.add(event.kind());
    }

    assertThat(kinds).containsExactlyInAnyOrder(WebhookEventKind.values());
  }

  @Test
  void theJsonHoldsTheRecordsComponents_andNoGetterBesideThem() throws IOException {
    for (WebhookEvent event : sampleEvents()) {
      JsonNode stored = projectMapper.readTree(events.write(event));
      Set<String> names = new TreeSet<>();
      stored.fieldNames().forEachRemaining(names::add);

      assertThat(names).as(event.getClass().getSimpleName())
          .isEqualTo(new TreeSet<>(Arrays.stream(event.getClass().getRecordComponents())
              .map(RecordComponent::getName).toList()));
    }
  }

  @Test
  void instantsAreWrittenAsIsoText_whateverTheMappersDateSetting() throws IOException {
    WebhookEvent reply = parser.parse(json("permission-reply-temporary-accept")).get(0).event();

    JsonNode stored = projectMapper.readTree(events.write(reply));

    assertThat(stored.path("timestamp").isTextual()).as(stored.toString()).isTrue();
    assertThat(stored.path("timestamp").asText()).isEqualTo(reply.timestamp().toString());
  }

  @Test
  void aPropertyThisVersionDoesNotKnow_isSkipped_soARollingDeployReadsWhatTheNewerVersionWrote() throws IOException {
    WebhookEvent status = parser.parse(json("message-status-read")).get(0).event();
    ObjectNode newer = (ObjectNode) projectMapper.readTree(events.write(status));
    newer.put("pricingCategory", "utility");

    assertThat(events.read(WebhookEventKind.MESSAGE_STATUS, newer.toString())).isEqualTo(status);
  }

  @Test
  void jsonThatIsNoEventOfTheKind_isMalformed_soTheDispatcherFailsIt_insteadOfRetryingIt() {
    WebhookEvent reply = parser.parse(json("permission-reply-reject")).get(0).event();
    String stored = events.write(reply);

    assertThatThrownBy(() -> events.read(WebhookEventKind.CALL, "[1, 2]"))
        .isInstanceOf(MalformedWebhookEventException.class).hasMessageStartingWith("stored event is not a MetaCallEvent");
    assertThatThrownBy(() -> events.read(WebhookEventKind.PERMISSION_REPLY, stored.replace("\"REJECT\"", "\"MAYBE\"")))
        .isInstanceOf(MalformedWebhookEventException.class)
        .hasMessageStartingWith("stored event is not a PermissionReplyEvent");
    assertThatThrownBy(() -> events.read(WebhookEventKind.PERMISSION_REPLY, "null"))
        .isInstanceOf(MalformedWebhookEventException.class);
  }

  /** Every event of every sample payload, and an inbound text message, which no sample has. */
  private List<WebhookEvent> sampleEvents() {
    List<WebhookEvent> decoded = new ArrayList<>();
    try (Stream<Path> files = Files.list(Paths.get(WebhookSamples.class.getResource("/webhooks").toURI()))) {
      for (Path file : files.sorted().toList()) {
        String name = file.getFileName().toString().replace(".json", "");
        for (ParsedWebhookEvent parsed : parser.parse(json(name))) {
          assertThat(parsed.isMalformed()).as(name + ": " + parsed.problem()).isFalse();
          decoded.add(parsed.event());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    ObjectNode text = json("permission-reply-reject");
    firstMessage(text).remove("interactive");
    firstMessage(text).put("type", "text").putObject("text").put("body", "hello");
    decoded.addAll(parser.parse(text).stream().map(ParsedWebhookEvent::event).toList());
    return decoded;
  }
}
