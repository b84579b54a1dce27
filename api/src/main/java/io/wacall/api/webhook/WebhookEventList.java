package io.wacall.api.webhook;

import io.wacall.backend.store.Keyset;
import io.wacall.backend.store.ListQuery;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The operators' list of stored webhook events, a page at a time: by offset
 * ({@link #listQuery}) or, so that a deep page costs what the first does, after a
 * keyset cursor ({@link Keyset}).
 */
@Repository
public class WebhookEventList {
  private final JdbcClient jdbc;

  public WebhookEventList(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Events of one status (any when null) and kind (any when null), newest first, at {@code offset}. */
  public List<StoredWebhookEvent> list(WebhookEventStatus status, String kind, int offset, int limit) {
    ListQuery q = listQuery(status, kind, offset, limit);
    return jdbc.sql(q.sql()).params(q.params()).query(WebhookEventStore::map).list();
  }

  /**
   * A page of {@link #list}: at {@code offset}, or after {@code cursor} (a {@code nextCursor} of the
   * same filters) when given; with the next page's cursor. No total: the list never counted.
   */
  public Keyset.Slice<StoredWebhookEvent> page(WebhookEventStatus status, String kind, int offset, String cursor,
      int size) {
    Map<String, Object> filters = new java.util.TreeMap<>();
    filters.put("status", String.valueOf(status));
    filters.put("kind", String.valueOf(kind));
    ListQuery q;
    if (cursor == null) {
      q = listQuery(status, kind, offset, size + 1);
    } else {
      List<String> key = Keyset.decode(cursor, LIST, filters, 2);
      long afterId;
      try {
        afterId = Long.parseLong(String.valueOf(key.get(1)));
      } catch (NumberFormatException e) {
        throw new Keyset.InvalidCursorException("cursor is not a cursor of this list: use the nextCursor of its previous page");
      }
      if (key.get(0) == null) {
        throw new Keyset.InvalidCursorException("cursor is not a cursor of this list: use the nextCursor of its previous page");
      }
      q = afterQuery(status, kind, Keyset.timestamp(key.get(0)), afterId, size + 1);
    }
    List<StoredWebhookEvent> rows = jdbc.sql(q.sql()).params(q.params()).query(WebhookEventStore::map).list();
    return Keyset.slice(rows, size, last -> Keyset.encode(LIST, filters,
        List.of(last.receivedAt().toString(), Long.toString(last.id()))));
  }

  private static final String LIST = "webhook-events";

  /** The page {@link #list} reads: a walk of a V13 index in received order, led by the filter's column. */
  static ListQuery listQuery(WebhookEventStatus status, String kind, int offset, int limit) {
    ListQuery.Where where = new ListQuery.Where()
        .and("status = :status", "status", status == null ? null : status.name())
        .and("kind = :kind", "kind", kind)
        .param("offset", offset).param("limit", limit);
    return new ListQuery("SELECT " + WebhookEventStore.COLUMNS + " FROM webhook_events" + where.sql()
        + " ORDER BY received_at DESC, id DESC OFFSET :offset LIMIT :limit", where.params());
  }

  /** The {@code limit} events received before {@code (receivedAt, id)}: one walk of the same V13 index, from the key. */
  static ListQuery afterQuery(WebhookEventStatus status, String kind, Object receivedAt, long id, int limit) {
    ListQuery.Where where = new ListQuery.Where()
        .and("status = :status", "status", status == null ? null : status.name())
        .and("kind = :kind", "kind", kind)
        .and("(received_at, id) < (:afterAt, :afterId)")
        .param("afterAt", receivedAt).param("afterId", id).param("limit", limit);
    return new ListQuery("SELECT " + WebhookEventStore.COLUMNS + " FROM webhook_events" + where.sql()
        + " ORDER BY received_at DESC, id DESC LIMIT :limit", where.params());
  }

}
