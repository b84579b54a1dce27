package io.wacall.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wacall.api.support.ApiHttpTest;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The list endpoints' keyset paging over real HTTP on the real PostgreSQL: following
 * {@code nextCursor} (the webhook events: their {@code Link rel="next"}) from the first page
 * lists what the offset pages list; {@code total} says whether it is exact; a cursor given with a
 * page, of other filters or of nothing is a 400 naming {@code cursor}.
 */
class ListPagingApiTest extends ApiHttpTest {
  private static final Pattern NEXT = Pattern.compile("<([^>]+)>; rel=\"next\"");
  @Autowired JdbcClient jdbc;

  @Test
  void theCallsList_isWalkedByItsCursors() throws Exception {
    String number = "paging-" + System.nanoTime();
    jdbc.sql("""
        INSERT INTO call_records (id, wacid, direction, phone_number_id, customer, status, outcome, started_at,
            view, version, updated_at)
        SELECT :number || '.' || i, :number || '.' || i, 'USER_INITIATED', :number, '5521987650001', 'ENDED',
            'COMPLETED', now() - (i % 2) * interval '1 minute',
            jsonb_build_object('id', :number || '.' || i, 'direction', 'USER_INITIATED', 'phoneNumberId', :number,
                'customer', '5521987650001', 'status', 'ENDED', 'ringAttempts', '[]'::jsonb,
                'timeline', '[]'::jsonb, 'version', 1),
            1, now()
        FROM generate_series(1, 5) i""").param("number", number).update();

    JsonNode first = get("/api/v1/calls?phoneNumberId=" + number + "&size=2");
    assertThat(first.path("total").asLong()).isEqualTo(5);
    assertThat(first.path("totalIsExact").asBoolean()).isTrue();
    assertThat(first.path("hasMore").asBoolean()).isTrue();
    List<String> byCursor = new ArrayList<>(first.path("items").findValuesAsText("id"));
    JsonNode page = first;
    while (page.path("hasMore").asBoolean()) {
      page = get("/api/v1/calls?phoneNumberId=" + number + "&size=2&cursor=" + page.path("nextCursor").asText());
      byCursor.addAll(page.path("items").findValuesAsText("id"));
      assertThat(page.path("total").isNull()).as("a page by cursor counts nothing").isTrue();
    }
    assertThat(page.path("nextCursor").isNull()).isTrue();
    assertThat(byCursor).containsExactlyElementsOf(
        get("/api/v1/calls?phoneNumberId=" + number + "&size=5").path("items").findValuesAsText("id"));
    assertThat(byCursor).hasSize(5);

    String cursor = first.path("nextCursor").asText();
    assertBadCursor(send("GET", "/api/v1/calls?phoneNumberId=" + number + "&page=1&cursor=" + cursor, null));
    assertBadCursor(send("GET", "/api/v1/calls?phoneNumberId=other&cursor=" + cursor, null));
    assertBadCursor(send("GET", "/api/v1/calls?cursor=bm90LWEtY3Vyc29y", null));
    assertBadCursor(send("GET", "/api/v1/permissions?cursor=" + cursor, null));
  }

  @Test
  void theWebhookEvents_linkTheirNextPage() throws Exception {
    String kind = "paging-" + System.nanoTime();
    List<Long> ids = jdbc.sql("""
        INSERT INTO webhook_events (dedupe_key, kind, status, payload, received_at)
        SELECT :kind || '.' || i, :kind, 'DISPATCHED', '{}'::jsonb, now() - i * interval '1 second'
        FROM generate_series(1, 5) i RETURNING id""").param("kind", kind).query(Long.class).list();

    List<Long> listed = new ArrayList<>();
    String path = "/api/v1/admin/webhook-events?kind=" + kind + "&size=2";
    for (int pages = 0; path != null; pages++) {
      assertThat(pages).isLessThan(5);
      HttpResponse<String> response = asOperator("GET", path, null);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      json.readTree(response.body()).forEach(event -> listed.add(event.path("id").asLong()));
      path = response.headers().firstValue("Link").map(link -> {
        Matcher m = NEXT.matcher(link);
        assertThat(m.find()).as(link).isTrue();
        URI next = URI.create(m.group(1));
        return next.getRawPath() + "?" + next.getRawQuery();
      }).orElse(null);
    }
    assertThat(listed).containsExactlyElementsOf(ids); // inserted newest first
  }

  private JsonNode get(String path) throws Exception {
    HttpResponse<String> response = send("GET", path, null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json.readTree(response.body());
  }

  private void assertBadCursor(HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(json.readTree(response.body()).path("errors").findValuesAsText("field")).containsExactly("cursor");
  }
}
