package io.wacall.api.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wacall.api.support.ApiHttpTest;
import io.wacall.api.support.ApiTestSupport;
import io.wacall.backend.store.directory.AgentRingingRepository;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The agent's event stream over real HTTP, with the ringing rows written to the real database as
 * the ring activity writes them: every tab gets the hello with what rings now, then ringing and
 * ringing-stopped; only the agent itself (or a service) may open it.
 */
class AgentEventsTest extends ApiHttpTest {
  static final String PHONE = "106540352247001";

  @Autowired AgentRingingRepository ringing;
  @Autowired AgentEventHub hub;
  final List<Stream<String>> open = new ArrayList<>();
  String tokenA;
  String tokenB;

  @BeforeEach
  void agents() throws Exception {
    for (String agent : List.of("ev-a", "ev-b")) {
      assertThat(asOperator("PUT", "/api/v1/agents/" + agent, "{\"name\":\"" + agent + "\"}").statusCode()).isEqualTo(200);
    }
    tokenA = json.readTree(send("POST", "/api/v1/agents/ev-a/tokens", "{}").body()).path("token").asText();
    tokenB = json.readTree(send("POST", "/api/v1/agents/ev-b/tokens", "{}").body()).path("token").asText();
  }

  @AfterEach
  void close() {
    open.forEach(Stream::close);
  }

  @Test
  void everyTabOfTheAgentSeesTheCallRingAndStopRinging() throws Exception {
    BlockingQueue<Event> first = stream("ev-a", tokenA);
    Event hello = first.poll(10, TimeUnit.SECONDS);
    assertThat(hello).isNotNull();
    assertThat(hello.name()).isEqualTo("hello");
    assertThat(hello.data().path("ringing").size()).isZero();

    Instant now = Instant.now();
    ringing.ringing("inbound-call:wacid.ev1", "ev-a", PHONE, "5521987657001", now, now.plusSeconds(30));
    Event rang = next(first, "ringing");
    assertThat(rang.data().path("callId").asText()).isEqualTo("inbound-call:wacid.ev1");
    assertThat(rang.data().path("from").asText()).isEqualTo("5521987657001");

    // a second tab (or the first after a reconnect) learns of the ringing call from its hello
    BlockingQueue<Event> second = stream("ev-a", tokenA);
    Event secondHello = next(second, "hello");
    assertThat(secondHello.data().path("ringing").findValuesAsText("callId")).containsExactly("inbound-call:wacid.ev1");
    assertThat(hub.openStreams("ev-a")).isEqualTo(2);

    ringing.stopRinging("inbound-call:wacid.ev1");
    assertThat(next(first, "ringing-stopped").data().path("callId").asText()).isEqualTo("inbound-call:wacid.ev1");
    assertThat(next(second, "ringing-stopped").data().path("callId").asText()).isEqualTo("inbound-call:wacid.ev1");
  }

  @Test
  void onlyTheAgentItselfOrAServiceOpensItsStream() throws Exception {
    assertThat(status("ev-a", null)).isEqualTo(401);
    assertThat(status("ev-a", tokenB)).isEqualTo(403);
    assertThat(status("ev-a", ApiTestSupport.OPERATOR_TOKEN)).isEqualTo(403);
    assertThat(status("ev-nobody", ApiTestSupport.TOKEN)).isEqualTo(404);
    BlockingQueue<Event> service = stream("ev-b", ApiTestSupport.TOKEN);
    assertThat(next(service, "hello").data().path("agentId").asText()).isEqualTo("ev-b");
  }

  record Event(String name, JsonNode data) {}

  private Event next(BlockingQueue<Event> events, String name) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      Event e = events.poll(100, TimeUnit.MILLISECONDS);
      if (e != null && e.name().equals(name)) {
        return e;
      }
    }
    throw new AssertionError("no " + name + " event within 10 s");
  }

  private int status(String agentId, String token) throws Exception {
    HttpResponse<Stream<String>> response = http.send(request(agentId, token), HttpResponse.BodyHandlers.ofLines());
    response.body().close();
    return response.statusCode();
  }

  private HttpRequest request(String agentId, String token) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/agents/"
        + agentId + "/events")).header("Accept", "text/event-stream");
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return request.build();
  }

  /** The stream's events as they come, parsed by the text/event-stream rules (event:, data:, blank line). */
  private BlockingQueue<Event> stream(String agentId, String token) throws Exception {
    HttpResponse<Stream<String>> response = http.send(request(agentId, token), HttpResponse.BodyHandlers.ofLines());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
    open.add(response.body());
    BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      String[] name = {"message"};
      StringBuilder data = new StringBuilder();
      try {
        response.body().forEach(line -> {
          if (line.isEmpty()) {
            if (data.length() > 0) {
              try {
                events.add(new Event(name[0], json.readTree(data.toString())));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            }
            name[0] = "message";
            data.setLength(0);
          } else if (line.startsWith("event:")) {
            name[0] = line.substring(6).trim();
          } else if (line.startsWith("data:")) {
            data.append(line.substring(5).trim());
          }
        });
      } catch (RuntimeException closed) {
        // the test closed the stream
      }
    }, "sse-reader");
    reader.setDaemon(true);
    reader.start();
    return events;
  }
}
