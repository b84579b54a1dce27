package io.wacall.api.billing;

import io.swagger.v3.oas.annotations.media.Schema;
import io.wacall.backend.billing.ChargeQueries;
import io.wacall.backend.billing.MarketMapping;
import io.wacall.backend.billing.Money;
import io.wacall.backend.billing.RateCard;
import io.wacall.backend.billing.RateCardRepository;
import io.wacall.backend.billing.Rating;
import io.wacall.contract.call.view.CallDirection;
import io.wacall.workflows.billing.ChargeRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What the billing API returns. Money is a decimal string ("0.0094"), never a binary float. */
final class BillingViews {
  private BillingViews() {}

  @Schema(description = "Whether a number can be called and what a call of the given length would cost")
  record Quote(
      boolean callable,
      @Schema(description = "Why not, when callable is false") String reason,
      @Schema(example = "MX") String region,
      @Schema(example = "Mexico") String market,
      @Schema(description = "ceil(seconds / 6)") long pulses,
      @Schema(type = "string", example = "0.0094") String ratePerMinute,
      @Schema(type = "string", example = "0.0094") String amount,
      @Schema(example = "USD") String currency,
      long rateCardVersion,
      @Schema(description = "1-based volume tier of the market") Integer tier,
      Long tierFromMinutes) {

    static Quote of(Rating r) {
      return new Quote(r.callable(), r.reason(), r.region(), r.market(), r.pulses(),
          Money.format(r.ratePerMinute()), Money.format(r.amount()), r.currency(), r.rateCardVersion(),
          r.tier(), r.tierFromMinutes());
    }
  }

  @Schema(description = "One call's row in the ledger")
  record Charge(
      String callId,
      CallDirection direction,
      String phoneNumberId,
      String region,
      String market,
      Instant connectedAt,
      long connectedSeconds,
      long pulses,
      @Schema(type = "string", example = "0.0094") String ratePerMinute,
      @Schema(type = "string", example = "0.0094") String amount,
      String currency,
      long rateCardVersion,
      Integer tier,
      Long tierFromMinutes,
      Instant chargedAt) {

    static Charge of(ChargeRecord c) {
      return new Charge(c.callId(), c.direction(), c.phoneNumberId(), c.region(), c.market(), c.connectedAt(),
          c.connectedSeconds(), c.pulses(), Money.format(c.ratePerMinute()), Money.format(c.amount()),
          c.currency(), c.rateCardVersion(), c.tier(), c.tierFromMinutes(), c.chargedAt());
    }
  }

  /**
   * {@code totalItems} counts up to 1,000 rows: past it {@code totalIsExact} is false and
   * {@code totalPages} counts the pages of those; all three null on a page asked by cursor.
   * {@code nextCursor}, when {@code hasMore}, asks for the next page.
   */
  record ChargePage(List<Charge> items, int page, int size, Long totalItems, Long totalPages, Boolean totalIsExact,
      boolean hasMore, String nextCursor) {
    static ChargePage of(ChargeQueries.Page p) {
      Long pages = p.totalItems() == null ? null : (p.totalItems() + p.size() - 1) / p.size();
      return new ChargePage(p.items().stream().map(Charge::of).toList(), p.page(), p.size(), p.totalItems(), pages,
          p.totalIsExact(), p.hasMore(), p.nextCursor());
    }
  }

  @Schema(description = "One market's month: calls counts every call, the billed figures only business-initiated ones")
  record MarketMonth(
      String market,
      String currency,
      long calls,
      long businessInitiatedCalls,
      long userInitiatedCalls,
      long pulses,
      @Schema(type = "string", example = "12.5") String billedMinutes,
      @Schema(type = "string", example = "0.1175") String amount) {

    static MarketMonth of(ChargeQueries.MarketSummary s) {
      return new MarketMonth(s.market(), s.currency(), s.calls(), s.businessInitiatedCalls(),
          s.userInitiatedCalls(), s.pulses(), Money.format(s.billedMinutes()), Money.format(s.amount()));
    }
  }

  record Summary(
      @Schema(example = "2026-05") String month,
      @Schema(description = "The time zone the month is counted in", example = "UTC") String zone,
      String phoneNumberId,
      List<MarketMonth> markets) {}

  record CardHeader(long version, Instant effectiveFrom, String currency, String source, Instant createdAt,
      @Schema(description = "Whether this is the card in effect now") boolean inEffect) {

    static CardHeader of(RateCardRepository.Summary s, Long versionInEffect) {
      return new CardHeader(s.version(), s.effectiveFrom(), s.currency(), s.source(), s.createdAt(),
          versionInEffect != null && versionInEffect == s.version());
    }
  }

  record Rate(String market, long tierFromMinutes,
      @Schema(type = "string", example = "0.0094", description = "null when the market is N/A") String ratePerMinute,
      boolean callable) {}

  record MarketRegions(String market,
      @Schema(description = "ISO 3166 regions; '*' is every region not listed elsewhere") List<String> regions) {}

  record Card(long version, Instant effectiveFrom, String currency, String source, Instant createdAt,
      List<Rate> rates, List<MarketRegions> markets) {

    static Card of(RateCard card) {
      List<Rate> rates = new ArrayList<>();
      card.rates().values().forEach(r -> {
        if (!r.callable()) {
          rates.add(new Rate(r.market(), 0, null, false));
        }
        r.tiers().forEach(t -> rates.add(new Rate(r.market(), t.fromMinutes(), Money.format(t.ratePerMinute()), true)));
      });
      MarketMapping mapping = card.mapping();
      List<MarketRegions> markets = mapping.regionsByMarket().entrySet().stream()
          .map(e -> new MarketRegions(e.getKey(), e.getValue())).toList();
      return new Card(card.version(), card.effectiveFrom(), card.currency(), card.source(), card.createdAt(),
          rates, markets);
    }
  }
}
