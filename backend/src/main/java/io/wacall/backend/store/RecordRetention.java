package io.wacall.backend.store;

import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Deletes, a batch at a time, the rows of the tables that grow with the work once their
 * retention has passed (the API's RecordsHousekeeping decides the cut-offs and how often). Each
 * delete walks an index on the column it cuts by (V18) and takes at most {@code limit} rows, so a
 * backlog is worked off over several runs rather than in one long transaction; several API
 * instances may run it side by side (a row is deleted once, {@code SKIP LOCKED} keeps them apart).
 */
@Repository
public class RecordRetention {
  private final JdbcClient jdbc;

  public RecordRetention(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Permission requests (the wamid of each request sent, by which Meta's delivery statuses are
   * matched to the pair) whose request expired before {@code expiredBefore}: no status of theirs
   * can change anything any more. The pair's state is in {@code call_permissions}, untouched.
   */
  public int purgePermissionRequests(Instant expiredBefore, int limit) {
    return delete("permission_requests", "message_id", "expires_at < :before", expiredBefore, limit);
  }

  /**
   * Call records of calls that started before {@code startedBefore} and have ended (a call's
   * record is its CRM history, so this runs only when the business sets a retention). The ledger
   * rows of those calls ({@code billing_charges}) are kept.
   */
  public int purgeCallRecords(Instant startedBefore, int limit) {
    return delete("call_records", "id", "started_at < :before AND status IN ('ENDED', 'REFUSED')", startedBefore,
        limit);
  }

  /** Conversation lines (calls and permission events per customer) that happened before {@code before}. */
  public int purgeConversationEvents(Instant before, int limit) {
    return delete("conversation_events", "id", "at < :before", before, limit);
  }

  private int delete(String table, String key, String due, Instant before, int limit) {
    return jdbc.sql("DELETE FROM " + table + " WHERE " + key + " IN (SELECT " + key + " FROM " + table
            + " WHERE " + due + " LIMIT :limit FOR UPDATE SKIP LOCKED)")
        .param("before", Timestamps.of(before))
        .param("limit", limit)
        .update();
  }
}
