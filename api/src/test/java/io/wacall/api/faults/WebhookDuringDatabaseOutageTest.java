package io.wacall.api.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.wacall.api.support.ApiTestApplication;
import io.wacall.api.support.ApiTestSupport;
import io.wacall.api.support.TcpProxy;
import io.wacall.testsupport.TestDatabase;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Meta's webhook while PostgreSQL cannot be reached: the POST fails fast (a few seconds, not the
 * connection pool's old 30 s) with 503 so that Meta delivers it again, and nothing is acknowledged
 * that was not stored. The API reaches the shared test PostgreSQL through a {@link TcpProxy} that
 * the test cuts as a stopped server looks (connections reset, port closed), leaving the server to
 * the other tests. Once it is back, Meta's redelivery is stored, once.
 */
@SpringBootTest(classes = ApiTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("api")
class WebhookDuringDatabaseOutageTest {
  /** The configured bound (spring.datasource.hikari.connection-timeout, 5 s), with room; the pool's default was 30 s. */
  private static final Duration FAST = Duration.ofSeconds(9);
  private static final String PHONE = "106540352249902";
  private static final WireMockServer meta = ApiTestSupport.startMeta();
  private static final HttpClient http = HttpClient.newHttpClient();
  private static final String DATABASE = TestDatabase.newDatabaseName();
  private static final TcpProxy postgres = TcpProxy.to("localhost", TestDatabase.server().getPort());

  @LocalServerPort int port;
  @Autowired ObjectMapper json;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    ApiTestSupport.properties(registry, meta);
    registry.add("spring.datasource.url", () -> "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/" + DATABASE);
  }

  @AfterEach
  void databaseBack() {
    postgres.restore();
  }

  @AfterAll
  static void stop() {
    postgres.close();
    meta.stop();
  }

  @Test
  void aStoppedDatabase_answers503WithinSeconds_andTheRedeliveryIsStoredOnceItIsBack() throws Exception {
    String wacid = "wacid.DBDOWN" + System.nanoTime();
    String body = ApiTestSupport.connectWebhook(PHONE, wacid, Instant.now());
    // the pool holds open connections from start-up: the outage must get past them too
    assertThat(ApiTestSupport.signedWebhook(http, port,
        ApiTestSupport.connectWebhook(PHONE, wacid + "-before", Instant.now())).statusCode()).isEqualTo(200);

    postgres.refuse();
    // the first may meet a pooled connection the reset broke; the next waits for a new one, in vain
    for (int delivery = 1; delivery <= 2; delivery++) {
      long started = System.nanoTime();
      HttpResponse<String> refused = ApiTestSupport.signedWebhook(http, port, body);
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      assertThat(refused.statusCode()).as("delivery " + delivery + ": " + refused.body()).isEqualTo(503);
      assertThat(took).as("delivery " + delivery + " answered in " + took).isLessThan(FAST);
      JsonNode problem = json.readTree(refused.body());
      assertThat(problem.path("code").asText()).isEqualTo("DATABASE_UNAVAILABLE");
      assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    }
    postgres.restore();
    assertThat(stored(wacid)).as("not acknowledged, not stored").isZero();

    // Meta delivers it again: stored once, answered 200
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
        assertThat(ApiTestSupport.signedWebhook(http, port, body).statusCode()).isEqualTo(200));
    assertThat(ApiTestSupport.signedWebhook(http, port, body).statusCode()).isEqualTo(200);
    assertThat(stored(wacid)).isEqualTo(1);
  }

  /** Rows of the call's connect, read straight from PostgreSQL (not through the proxy). */
  private static long stored(String wacid) {
    PGSimpleDataSource direct = new PGSimpleDataSource();
    direct.setUrl(TestDatabase.jdbcUrl(DATABASE));
    direct.setUser("postgres");
    direct.setPassword("postgres");
    return JdbcClient.create(direct).sql("SELECT count(*) FROM webhook_events WHERE dedupe_key = :key")
        .param("key", "call:" + wacid + ":connect").query(Long.class).single();
  }
}
