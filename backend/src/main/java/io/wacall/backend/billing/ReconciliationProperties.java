package io.wacall.backend.billing;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The daily ledger reconciliation, under {@code wacall.reconciliation}
 * (docs/operations.md#ledger-reconciliation). Off until business accounts are listed.
 *
 * @param accounts the WhatsApp Business Accounts to compare, each with the business numbers whose
 *     ledger rows are its own (empty: every number in the ledger)
 * @param costTolerance a day matches when the costs differ by at most this much (Meta rounds its
 *     figures; the ledger keeps nine decimals)
 * @param settle how long after a UTC day ends its figures are read (null: the workflow's six hours)
 */
@ConfigurationProperties("wacall.reconciliation")
public record ReconciliationProperties(
    @DefaultValue List<Account> accounts,
    @DefaultValue("0.01") BigDecimal costTolerance,
    Duration settle) {

  public record Account(String wabaId, @DefaultValue List<String> phoneNumberIds) {
    public Account {
      if (wabaId == null || wabaId.isBlank()) {
        throw new IllegalArgumentException("wacall.reconciliation.accounts[].waba-id is required");
      }
      phoneNumberIds = phoneNumberIds == null ? List.of() : List.copyOf(phoneNumberIds);
    }
  }

  public ReconciliationProperties {
    accounts = accounts == null ? List.of() : List.copyOf(accounts);
    if (costTolerance == null || costTolerance.signum() < 0) {
      throw new IllegalArgumentException("wacall.reconciliation.cost-tolerance must be 0 or more");
    }
  }

  public boolean enabled() {
    return !accounts.isEmpty();
  }
}
