package io.wacall.backend.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Keyset paging for the list endpoints: a page after a cursor is a walk of one page from the
 * position the cursor names, whatever its depth, where an offset walks every row before it. The
 * cursor is opaque to clients: the list it belongs to, a checksum of the filters it was made
 * under, and the sort key of the last row served (base64url of a JSON array). A cursor of another
 * list or of other filters is refused ({@link InvalidCursorException}), never silently misread.
 *
 * <p>A list's {@code total} is counted up to {@link #TOTAL_CAP} rows, so that no page pays a
 * {@code count(*)} of every matching row: where no index holds every filter's column, each row
 * counted is a heap read, and a cap of 10,000 cost a filtered first page over 100 ms (1M rows).
 */
public final class Keyset {
  /** The largest {@code total} a list counts; past it the total is "at least" this. */
  public static final int TOTAL_CAP = 1_000;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private Keyset() {}

  /** A page of a list: its rows, whether more follow, and the cursor of the next page when they do. */
  public record Slice<T>(List<T> items, boolean hasMore, String nextCursor) {}

  /** A list's total, exact up to {@link #TOTAL_CAP}; at the cap, {@code exact} is false (there are at least that many). */
  public record Total(long value, boolean exact) {
    public static Total of(long countedUpToCapPlusOne) {
      return countedUpToCapPlusOne > TOTAL_CAP ? new Total(TOTAL_CAP, false) : new Total(countedUpToCapPlusOne, true);
    }
  }

  /** A cursor that is not one this list made under these filters: a 400 naming {@code cursor}. */
  public static final class InvalidCursorException extends IllegalArgumentException {
    public InvalidCursorException(String message) {
      super(message);
    }
  }

  /** The cursor after a row whose sort key is {@code key}, for {@code list} under {@code filters}. */
  public static String encode(String list, Map<String, Object> filters, List<String> key) {
    List<String> parts = new ArrayList<>();
    parts.add(list);
    parts.add(checksum(filters));
    parts.addAll(key);
    try {
      return ENCODER.encodeToString(JSON.writeValueAsBytes(parts));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The sort key a cursor names ({@code arity} values, null ones kept), if it was made for this list and these filters. */
  public static List<String> decode(String cursor, String list, Map<String, Object> filters, int arity) {
    List<String> parts;
    try {
      parts = JSON.readValue(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8), STRINGS);
    } catch (IllegalArgumentException | JsonProcessingException e) {
      throw new InvalidCursorException("cursor is not a cursor of this list: use the nextCursor of its previous page");
    }
    if (parts == null || parts.size() != arity + 2 || !list.equals(parts.get(0))) {
      throw new InvalidCursorException("cursor is not a cursor of this list: use the nextCursor of its previous page");
    }
    if (!checksum(filters).equals(parts.get(1))) {
      throw new InvalidCursorException("cursor was made for other filters: repeat the filters of the page it came with");
    }
    return parts.subList(2, parts.size());
  }

  /** An instant of a decoded key, as the TIMESTAMPTZ parameter it is compared with. */
  public static Object timestamp(String value) {
    if (value == null) {
      return null;
    }
    try {
      return Timestamps.of(Instant.parse(value));
    } catch (DateTimeParseException e) {
      throw new InvalidCursorException("cursor is not a cursor of this list: use the nextCursor of its previous page");
    }
  }

  /** {@code rows} (at most {@code size + 1} read) as a page: the extra row only says that more follow. */
  public static <T> Slice<T> slice(List<T> rows, int size, java.util.function.Function<T, String> cursorAfter) {
    if (rows.size() <= size) {
      return new Slice<>(rows, false, null);
    }
    List<T> page = rows.subList(0, size);
    return new Slice<>(List.copyOf(page), true, cursorAfter.apply(page.get(size - 1)));
  }

  /** The rows matching {@code where} in {@code table}, counted up to {@link #TOTAL_CAP}. */
  public static Total count(JdbcClient jdbc, String table, ListQuery.Where where) {
    return Total.of(countUpTo(jdbc, table, where));
  }

  /** The rows matching {@code where}, counted up to one past {@link #TOTAL_CAP}. */
  public static long countUpTo(JdbcClient jdbc, String table, ListQuery.Where where) {
    return jdbc.sql("SELECT count(*) FROM (SELECT 1 FROM " + table + where.sql() + " LIMIT " + (TOTAL_CAP + 1)
            + ") capped").params(where.params()).query(Long.class).single();
  }

  private static String checksum(Map<String, Object> filters) {
    CRC32 crc = new CRC32();
    crc.update(new java.util.TreeMap<>(filters).toString().getBytes(StandardCharsets.UTF_8));
    return Long.toString(crc.getValue(), 36);
  }
}
