package io.wacall.workflows.common;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributeUpdate;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * wacall's custom search attributes (all Keyword), so an operator can filter in the Temporal UI:
 * every ringing call of a business number, every call an agent answered, every revoked
 * permission. Never a customer number: the server stores search attributes unencrypted.
 * The deployment registers them (docker-compose's setup step; the embedded server and the tests
 * register them themselves).
 */
public final class WacallSearchAttributes {
  public static final SearchAttributeKey<String> PHONE_NUMBER_ID = SearchAttributeKey.forKeyword("WaPhoneNumberId");
  public static final SearchAttributeKey<String> CALL_DIRECTION = SearchAttributeKey.forKeyword("WaCallDirection");
  public static final SearchAttributeKey<String> CALL_STATUS = SearchAttributeKey.forKeyword("WaCallStatus");
  public static final SearchAttributeKey<String> PERMISSION_STATUS = SearchAttributeKey.forKeyword("WaPermissionStatus");
  public static final SearchAttributeKey<String> AGENT_ID = SearchAttributeKey.forKeyword("WaAgentId");

  /** Every attribute by name and type, for whoever registers them. */
  public static final Map<String, IndexedValueType> ALL;

  static {
    Map<String, IndexedValueType> all = new LinkedHashMap<>();
    for (SearchAttributeKey<String> key : List.of(PHONE_NUMBER_ID, CALL_DIRECTION, CALL_STATUS, PERMISSION_STATUS, AGENT_ID)) {
      all.put(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    ALL = Map.copyOf(all);
  }

  /** The change ID that guards the upserts: runs recorded before them replay without them. */
  static final String CHANGE_ID = "search-attributes";

  private WacallSearchAttributes() {}

  /**
   * Upserts, from workflow code, the attributes whose value changed since this run last upserted
   * them. {@link #decide()} must run first thing in the workflow method: it asks
   * {@code Workflow.getVersion} once, so histories recorded before search attributes existed
   * replay without them (asking it later, from a handler, would move commands around in replay).
   * Until then, and in such old runs, nothing is upserted.
   */
  public static final class Upserter {
    private final Map<String, String> last = new HashMap<>();
    private boolean enabled;

    public void decide() {
      enabled = Workflow.getVersion(CHANGE_ID, Workflow.DEFAULT_VERSION, 1) != Workflow.DEFAULT_VERSION;
    }

    public void upsert(Map<SearchAttributeKey<String>, String> values) {
      if (!enabled) {
        return;
      }
      List<SearchAttributeUpdate<?>> updates = new ArrayList<>();
      values.forEach((key, value) -> {
        if (value != null && !value.equals(last.get(key.getName()))) {
          updates.add(key.valueSet(value));
          last.put(key.getName(), value);
        }
      });
      if (!updates.isEmpty()) {
        Workflow.upsertTypedSearchAttributes(updates.toArray(SearchAttributeUpdate<?>[]::new));
      }
    }
  }
}
