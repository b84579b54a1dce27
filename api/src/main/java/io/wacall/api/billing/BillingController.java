package io.wacall.api.billing;

import io.wacall.api.security.Role;
import io.wacall.api.security.Roles;
import io.wacall.api.web.Fails;
import io.wacall.api.web.ProblemCode;
import io.wacall.api.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.wacall.backend.billing.BillingException;
import io.wacall.backend.customer.CustomerNumbers;
import io.wacall.backend.billing.BillingProperties;
import io.wacall.backend.billing.BillingQuotes;
import io.wacall.backend.billing.ChargeQueries;
import io.wacall.backend.store.Keyset;
import io.wacall.backend.billing.Money;
import io.wacall.api.billing.BillingViews.ChargePage;
import io.wacall.api.billing.BillingViews.MarketMonth;
import io.wacall.api.billing.BillingViews.Quote;
import io.wacall.api.billing.BillingViews.Summary;
import jakarta.servlet.http.HttpServletResponse;
import java.time.YearMonth;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Quotes before a call; the ledger and the monthly summary after. JSON, or CSV for finance. */
@RestController
@RequestMapping("/api/v1/billing")
@Tag(name = "Billing")
public class BillingController {
  static final int DEFAULT_PAGE_SIZE = 50;
  static final int MAX_PAGE_SIZE = 1000;
  private static final long DEFAULT_QUOTE_SECONDS = 60;

  private final BillingQuotes quotes;
  private final ChargeQueries charges;
  private final BillingProperties properties;

  public BillingController(BillingQuotes quotes, ChargeQueries charges, BillingProperties properties) {
    this.quotes = quotes;
    this.charges = charges;
    this.properties = properties;
  }

  @Operation(summary = "Can this number be called, and what would a call cost?",
      description = "Prices a business-initiated call on the card in effect. With phoneNumberId, at that"
          + " business number's month-to-date volume tier; without, at the market's first tier.")
  @GetMapping(value = "/quote", produces = MediaType.APPLICATION_JSON_VALUE)
  @Roles({Role.SERVICE})
  @Fails({ProblemCode.INVALID_PARAMETER, ProblemCode.INVALID_PHONE_NUMBER, ProblemCode.NO_RATE_CARD, ProblemCode.BILLING_REFUSED})
  public Quote quote(
      @Parameter(description = "The customer's number in international form: digits (its wa_id), or with a leading '+' (sent as %2B) and spaces, '-', '.' or parentheses",
          example = "+5215512345678") @RequestParam(required = false) String to,
      @Parameter(description = "Call length in seconds (default 60)") @RequestParam(required = false) Long seconds,
      @Parameter(description = "Business phone number id, for its volume tier") @RequestParam(required = false)
      String phoneNumberId,
      @Parameter(description = "Price on the card in effect at this instant (default now)")
      @RequestParam(required = false) String at) {
    if (BillingProblems.optional(to) == null) {
      throw BillingProblems.badParameter("to", "to is required: the number to call, in international form");
    }
    long length = seconds == null ? DEFAULT_QUOTE_SECONDS : seconds;
    if (length < 0) {
      throw BillingProblems.badParameter("seconds", "seconds cannot be negative");
    }
    String waId;
    try {
      waId = CustomerNumbers.waId(to);
    } catch (CustomerNumbers.InvalidCustomerNumber e) {
      throw BillingProblems.of(new BillingException.InvalidPhoneNumber(e.getMessage()));
    }
    try {
      // the wa_id's digits: billing reads them as an international number (a '+' is put back in front)
      return Quote.of(quotes.quote(waId, length, BillingProblems.optional(phoneNumberId),
          BillingProblems.instant("at", at)));
    } catch (BillingException e) {
      throw BillingProblems.of(e);
    }
  }

  @Operation(summary = "The ledger, a page at a time",
      description = "from and to select by the instant the call connected, half-open [from, to).")
  @GetMapping(value = "/charges", produces = MediaType.APPLICATION_JSON_VALUE)
  @Roles({Role.SERVICE})
  @Fails({ProblemCode.INVALID_PARAMETER})
  public ChargePage charges(
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      @RequestParam(required = false) String phoneNumberId,
      @RequestParam(required = false) String callId,
      @Parameter(description = "0-based") @RequestParam(defaultValue = "0") int page,
      @Parameter(description = "1 to " + MAX_PAGE_SIZE) @RequestParam(defaultValue = "" + DEFAULT_PAGE_SIZE) int size,
      @Parameter(description = "the nextCursor of the previous page (instead of page): a deep page costs what the first does")
      @RequestParam(required = false) String cursor) {
    if (cursor != null && (page != 0 || cursor.isBlank())) {
      throw BillingProblems.badParameter("cursor", "give either page or cursor: a cursor names its page");
    }
    if (page < 0 || page > Paging.MAX_PAGE) {
      throw BillingProblems.badParameter("page", "page must be between 0 and " + Paging.MAX_PAGE);
    }
    if (size < 1 || size > MAX_PAGE_SIZE) {
      throw BillingProblems.badParameter("size", "size must be between 1 and " + MAX_PAGE_SIZE);
    }
    try {
      return ChargePage.of(charges.page(filter(from, to, phoneNumberId, callId), page, cursor, size));
    } catch (Keyset.InvalidCursorException e) {
      throw BillingProblems.badParameter("cursor", e.getMessage());
    }
  }

  @Operation(summary = "The ledger as CSV: every matching row (an export, so not paged)")
  @GetMapping(value = "/charges", produces = CsvResponse.TEXT_CSV)
  @Roles({Role.SERVICE})
  @Fails({ProblemCode.INVALID_PARAMETER})
  public void chargesCsv(
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      @RequestParam(required = false) String phoneNumberId,
      @RequestParam(required = false) String callId,
      HttpServletResponse response) {
    ChargeQueries.Filter filter = filter(from, to, phoneNumberId, callId);
    CsvResponse csv = CsvResponse.start(response, "charges.csv", "call_id", "direction", "phone_number_id",
        "region", "market", "connected_at", "connected_seconds", "pulses", "rate_per_minute", "amount",
        "currency", "rate_card_version", "tier", "tier_from_minutes", "charged_at");
    charges.forEach(filter, c -> csv.row(c.callId(), c.direction(), c.phoneNumberId(), c.region(), c.market(),
        c.connectedAt(), c.connectedSeconds(), c.pulses(), Money.format(c.ratePerMinute()),
        Money.format(c.amount()), c.currency(), c.rateCardVersion(), c.tier(), c.tierFromMinutes(),
        c.chargedAt()));
    csv.finish();
  }

  @Operation(summary = "A month per market: calls, billed minutes, pulses, amount",
      description = "The month is counted in wacall.billing.volume-zone, as the volume tiers are.")
  @GetMapping(value = "/summary", produces = MediaType.APPLICATION_JSON_VALUE)
  @Roles({Role.SERVICE})
  @Fails({ProblemCode.INVALID_PARAMETER})
  public Summary summary(
      @Parameter(example = "2026-05") @RequestParam(required = false) String month,
      @RequestParam(required = false) String phoneNumberId) {
    YearMonth ym = BillingProblems.month(month);
    String number = BillingProblems.optional(phoneNumberId);
    List<MarketMonth> markets = charges.summary(ym, number).stream().map(MarketMonth::of).toList();
    return new Summary(ym.toString(), properties.volumeZone().getId(), number, markets);
  }

  @Operation(summary = "A month per market, as CSV")
  @GetMapping(value = "/summary", produces = CsvResponse.TEXT_CSV)
  @Roles({Role.SERVICE})
  @Fails({ProblemCode.INVALID_PARAMETER})
  public void summaryCsv(
      @RequestParam(required = false) String month,
      @RequestParam(required = false) String phoneNumberId,
      HttpServletResponse response) {
    YearMonth ym = BillingProblems.month(month);
    List<ChargeQueries.MarketSummary> rows = charges.summary(ym, BillingProblems.optional(phoneNumberId));
    CsvResponse csv = CsvResponse.start(response, "billing-summary-" + ym + ".csv", "month", "market",
        "currency", "calls", "business_initiated_calls", "user_initiated_calls", "pulses", "billed_minutes",
        "amount");
    rows.forEach(s -> csv.row(ym, s.market(), s.currency(), s.calls(), s.businessInitiatedCalls(),
        s.userInitiatedCalls(), s.pulses(), Money.format(s.billedMinutes()), Money.format(s.amount())));
    csv.finish();
  }

  private static ChargeQueries.Filter filter(String from, String to, String phoneNumberId, String callId) {
    ChargeQueries.Filter filter = new ChargeQueries.Filter(BillingProblems.instant("from", from),
        BillingProblems.instant("to", to), BillingProblems.optional(phoneNumberId), BillingProblems.optional(callId));
    if (filter.from() != null && filter.to() != null && !filter.from().isBefore(filter.to())) {
      throw BillingProblems.badParameter("to", "to must be after from");
    }
    return filter;
  }
}
