package io.wacall.contract;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.common.SearchAttributeKey;
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

  private WacallSearchAttributes() {}
}
