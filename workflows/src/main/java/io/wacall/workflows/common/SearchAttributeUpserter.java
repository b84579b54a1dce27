package io.wacall.workflows.common;

import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributeUpdate;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Upserts, from workflow code, wacall's search attributes ({@code WacallSearchAttributes}) whose
 * value changed since this run last upserted them. {@link #decide()} must run first thing in the
 * workflow method: it asks {@code Workflow.getVersion} once, so histories recorded before search
 * attributes existed replay without them (asking it later, from a handler, would move commands
 * around in replay). Until then, and in such old runs, nothing is upserted.
 */
public final class SearchAttributeUpserter {
  /** The change ID that guards the upserts: runs recorded before them replay without them. */
  static final String CHANGE_ID = "search-attributes";

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
