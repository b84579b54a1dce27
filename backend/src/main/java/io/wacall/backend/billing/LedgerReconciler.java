package io.wacall.backend.billing;

import io.wacall.backend.billing.LedgerReconciliations.LedgerDay;
import io.wacall.backend.billing.LedgerReconciliations.Row;
import io.wacall.backend.cloudapi.CallAnalytics;
import io.wacall.backend.cloudapi.CloudApiClient;
import io.wacall.backend.metrics.WacallMetrics;
import io.wacall.contract.call.view.CallDirection;
import io.wacall.workflows.reconciliation.ReconciliationActivities.ReconciledDay;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Reconciles one UTC day: for each configured business account and direction, Meta's call count and
 * cost (call_analytics) next to the ledger's, stored (a second run of the day replaces its rows) and
 * logged; a difference is a WARN line and a metric (docs/operations.md#ledger-reconciliation). The
 * daily workflow's activity runs it, and so does an operator who asks for a day again.
 */
@Component
public class LedgerReconciler {
  private static final Logger log = LoggerFactory.getLogger(LedgerReconciler.class);

  private final CloudApiClient cloudApi;
  private final LedgerReconciliations store;
  private final ReconciliationProperties properties;
  private final WacallMetrics metrics;
  private final Clock clock;

  @Autowired
  public LedgerReconciler(CloudApiClient cloudApi, LedgerReconciliations store, ReconciliationProperties properties,
      WacallMetrics metrics, ObjectProvider<Clock> clock) {
    this(cloudApi, store, properties, metrics, clock.getIfAvailable(Clock::systemUTC));
  }

  public LedgerReconciler(CloudApiClient cloudApi, LedgerReconciliations store, ReconciliationProperties properties,
      WacallMetrics metrics, Clock clock) {
    this.cloudApi = cloudApi;
    this.store = store;
    this.properties = properties;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * @throws io.wacall.backend.cloudapi.GraphApiException when Meta refuses or cannot be reached
   *     (the rows of the accounts compared before it are stored)
   */
  public ReconciledDay reconcile(LocalDate day) {
    Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant end = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    int rows = 0;
    int differences = 0;
    Map<CallDirection, BigDecimal> difference = new EnumMap<>(CallDirection.class);
    for (ReconciliationProperties.Account account : properties.accounts()) {
      for (CallDirection direction : CallDirection.values()) {
        CallAnalytics meta = cloudApi.callAnalytics(account.wabaId(), direction.name(), start, end);
        LedgerDay ledger = store.ledger(day, direction, account.phoneNumberIds());
        boolean matches = meta.count() == ledger.calls()
            && ledger.cost().subtract(meta.cost()).abs().compareTo(properties.costTolerance()) <= 0;
        Row row = new Row(day, account.wabaId(), direction, meta.count(), meta.cost(), ledger.calls(), ledger.cost(),
            ledger.currency(), matches, clock.instant());
        store.save(row);
        rows++;
        difference.merge(direction, row.costDifference(), BigDecimal::add);
        if (!matches) {
          differences++;
          log.warn("ledger reconciliation {} account {} {}: Meta counts {} calls costing {}, the ledger {} costing {}",
              day, account.wabaId(), direction, meta.count(), meta.cost(), ledger.calls(), ledger.cost());
        }
        metrics.reconciled(direction.name(), matches);
      }
    }
    difference.forEach((direction, value) -> metrics.reconciliationDifference(direction.name(), value));
    log.info("ledger reconciliation {}: {} rows, {} differ", day, rows, differences);
    return new ReconciledDay(day, rows, differences);
  }
}
