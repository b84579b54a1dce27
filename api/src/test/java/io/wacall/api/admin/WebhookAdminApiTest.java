package io.wacall.api.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.wacall.api.support.ApiHttpTest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The operators' view of the webhook store, over real HTTP on the real PostgreSQL. */
class WebhookAdminApiTest extends ApiHttpTest {
  @Autowired JdbcClient jdbc;

  @Test
  void anEventWhosePayloadWasPurgedIsShownButNotRedispatched() throws Exception {
    long id = jdbc.sql("""
        INSERT INTO webhook_events (dedupe_key, kind, status, payload, payload_purged_at, received_at)
        VALUES (:key, 'permission_reply', 'IGNORED', NULL, now(), now() - interval '40 days') RETURNING id""")
        .param("key", "admin-test:" + System.nanoTime()).query(Long.class).single();

    HttpResponse<String> shown = asOperator("GET", "/api/v1/admin/webhook-events/" + id, null);
    assertThat(shown.statusCode()).isEqualTo(200);
    assertThat(json.readTree(shown.body()).path("payloadPurgedAt").isNull()).isFalse();

    HttpResponse<String> redispatch = asOperator("POST", "/api/v1/admin/webhook-events/" + id + "/redispatch", null);
    assertThat(redispatch.statusCode()).as(redispatch.body()).isEqualTo(409);
    assertThat(json.readTree(redispatch.body()).path("code").asText()).isEqualTo("EVENT_PAYLOAD_PURGED");
    assertThat(jdbc.sql("SELECT status FROM webhook_events WHERE id = :id").param("id", id).query(String.class).single())
        .isEqualTo("IGNORED");
  }
}
