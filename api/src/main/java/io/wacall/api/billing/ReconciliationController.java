package io.wacall.api.billing;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.wacall.api.security.Role;
import io.wacall.api.security.Roles;
import io.wacall.api.web.Fails;
import io.wacall.api.web.ProblemCode;
import io.wacall.backend.billing.LedgerReconciliations;
import io.wacall.backend.billing.Money;
import io.wacall.backend.billing.ReconciliationProperties;
import io.wacall.contract.call.view.CallDirection;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The daily comparison of the ledger with Meta's call analytics (docs/operations.md#ledger-reconciliation). */
@RestController
@RequestMapping("/api/v1/billing/reconciliations")
@Tag(name = "Billing")
public class ReconciliationController {
  /** The longest span one request reads. */
  static final long MAX_DAYS = 366;
  private static final int MAX_ROWS = 2_000;

  private final LedgerReconciliations reconciliations;
  private final ReconciliationProperties properties;
  private final Clock clock;

  public ReconciliationController(LedgerReconciliations reconciliations, ReconciliationProperties properties,
      ObjectProvider<Clock> clock) {
    this.reconciliations = reconciliations;
    this.properties = properties;
    this.clock = clock.getIfAvailable(Clock::systemUTC);
  }

  /**
   * One day, account and direction.
   *
   * @param costDifference the ledger's cost minus Meta's
   */
  record Reconciliation(LocalDate day, String wabaId, CallDirection direction, long metaCalls, String metaCost,
      long ledgerCalls, String ledgerCost, String costDifference, String currency, boolean matches,
      Instant checkedAt) {
    static Reconciliation of(LedgerReconciliations.Row r) {
      return new Reconciliation(r.day(), r.wabaId(), r.direction(), r.metaCalls(), Money.format(r.metaCost()),
          r.ledgerCalls(), Money.format(r.ledgerCost()), Money.format(r.costDifference()), r.currency(), r.matches(),
          r.checkedAt());
    }
  }

  /**
   * @param enabled whether business accounts are configured (off: no day is ever reconciled)
   * @param differences how many of {@code items} differ
   */
  record Reconciliations(LocalDate from, LocalDate to, boolean enabled, int differences, List<Reconciliation> items) {}

  @Operation(summary = "Days compared with what Meta will bill",
      description = "One row per UTC day, business account and direction: Meta's call count and cost"
          + " (call_analytics) next to the ledger's. from and to are days, inclusive; by default the last 31 days.")
  @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
  @Roles({Role.SERVICE, Role.OPERATOR})
  @Fails({ProblemCode.INVALID_PARAMETER})
  public Reconciliations list(
      @Parameter(example = "2026-05-01") @RequestParam(required = false) String from,
      @Parameter(example = "2026-05-31") @RequestParam(required = false) String to,
      @Parameter(description = "Only the rows that differ") @RequestParam(defaultValue = "false") boolean differencesOnly) {
    LocalDate last = day("to", to, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
    LocalDate first = day("from", from, last.minusDays(30));
    if (first.isAfter(last)) {
      throw BillingProblems.badParameter("from", "from must not be after to");
    }
    if (ChronoUnit.DAYS.between(first, last) >= MAX_DAYS) {
      throw BillingProblems.badParameter("from", "at most " + MAX_DAYS + " days at a time");
    }
    List<Reconciliation> items = reconciliations.list(first, last, differencesOnly, MAX_ROWS + 1).stream()
        .map(Reconciliation::of).toList();
    if (items.size() > MAX_ROWS) {
      throw BillingProblems.badParameter("from", "more than " + MAX_ROWS + " rows: ask for fewer days");
    }
    return new Reconciliations(first, last, properties.enabled(),
        (int) items.stream().filter(r -> !r.matches()).count(), items);
  }

  private static LocalDate day(String name, String value, LocalDate otherwise) {
    String text = BillingProblems.optional(value);
    if (text == null) {
      return otherwise;
    }
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw BillingProblems.badParameter(name, name + " must be a day, YYYY-MM-DD");
    }
  }
}
