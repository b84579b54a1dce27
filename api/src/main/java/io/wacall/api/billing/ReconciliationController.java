package io.wacall.api.billing;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.wacall.api.security.Role;
import io.wacall.api.security.Roles;
import io.wacall.api.web.Fails;
import io.wacall.api.web.ProblemCode;
import io.wacall.api.web.Problems;
import io.wacall.backend.billing.LedgerReconciler;
import io.wacall.backend.billing.LedgerReconciliations;
import io.wacall.backend.cloudapi.GraphApiException;
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
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
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
  private final LedgerReconciler reconciler;
  private final ReconciliationProperties properties;
  private final Clock clock;

  public ReconciliationController(LedgerReconciliations reconciliations, LedgerReconciler reconciler,
      ReconciliationProperties properties, ObjectProvider<Clock> clock) {
    this.reconciliations = reconciliations;
    this.reconciler = reconciler;
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

  @Operation(summary = "Reconcile a day again, now",
      description = "Compares the UTC day's ledger with Meta's call_analytics for every configured business account"
          + " now (after a rate card or a ledger fix, or for today so far) and answers the day's rows; they replace"
          + " the day's earlier rows. The daily workflow reconciles each day by itself 6 hours after it ends.")
  @PostMapping(path = "/{day}", produces = MediaType.APPLICATION_JSON_VALUE)
  @Roles({Role.OPERATOR})
  @Fails({ProblemCode.INVALID_PARAMETER, ProblemCode.RECONCILIATION_NOT_CONFIGURED, ProblemCode.CLOUD_API_REJECTED,
      ProblemCode.CLOUD_API_UNAVAILABLE})
  public Reconciliations reconcile(@Parameter(example = "2026-05-01") @PathVariable String day) {
    LocalDate which = day("day", day, null);
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    if (which.isAfter(today)) {
      throw BillingProblems.badParameter("day", "the day has not begun yet (today is " + today + " UTC)");
    }
    if (!properties.enabled()) {
      throw Problems.error(HttpStatus.CONFLICT, ProblemCode.RECONCILIATION_NOT_CONFIGURED.name(),
          "no business account is configured (wacall.reconciliation.accounts): there is nothing to compare");
    }
    try {
      reconciler.reconcile(which);
    } catch (GraphApiException e) {
      throw e.retryable()
          ? Problems.error(HttpStatus.SERVICE_UNAVAILABLE, ProblemCode.CLOUD_API_UNAVAILABLE.name(),
              "Meta's call analytics could not be read: " + e.getMessage())
          : Problems.error(HttpStatus.BAD_GATEWAY, ProblemCode.CLOUD_API_REJECTED.name(),
              "Meta refused the call analytics request: " + e.getMessage());
    }
    List<Reconciliation> items = reconciliations.list(which, which, false, MAX_ROWS).stream()
        .map(Reconciliation::of).toList();
    return new Reconciliations(which, which, true, (int) items.stream().filter(r -> !r.matches()).count(), items);
  }

  private static LocalDate day(String name, String value, LocalDate otherwise) {
    String text = BillingProblems.optional(value);
    if (text == null) {
      if (otherwise == null) {
        throw BillingProblems.badParameter(name, name + " is required, YYYY-MM-DD");
      }
      return otherwise;
    }
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw BillingProblems.badParameter(name, name + " must be a day, YYYY-MM-DD");
    }
  }
}
