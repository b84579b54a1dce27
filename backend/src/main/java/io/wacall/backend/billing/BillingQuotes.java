package io.wacall.backend.billing;

import java.time.Clock;
import java.time.Instant;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/** Before a call: can this number be called, and what would a call of so many seconds cost? */
@Service
public class BillingQuotes {
  private final RateCardRepository cards;
  private final ChargeQueries charges;
  private final ChargeLedger ledger;
  private final Clock clock;

  @Autowired
  public BillingQuotes(RateCardRepository cards, ChargeQueries charges, ChargeLedger ledger,
      ObjectProvider<Clock> clock) {
    this(cards, charges, ledger, clock.getIfAvailable(Clock::systemUTC));
  }

  public BillingQuotes(RateCardRepository cards, ChargeQueries charges, ChargeLedger ledger, Clock clock) {
    this.cards = cards;
    this.charges = charges;
    this.ledger = ledger;
    this.clock = clock;
  }

  /**
   * Prices a business-initiated call to {@code to} lasting {@code seconds}, on the card in effect at
   * {@code at} (now when null). With a {@code phoneNumberId}, at that number's month-to-date volume
   * tier in the market; without, at the market's first tier.
   *
   * @throws BillingException.InvalidPhoneNumber when {@code to} is not a valid international number
   * @throws BillingException.NoRateCard when no card is in effect at that instant
   */
  public Rating quote(String to, long seconds, String phoneNumberId, Instant at) {
    if (seconds < 0) {
      throw new IllegalArgumentException("seconds cannot be negative");
    }
    Instant when = at != null ? at : clock.instant();
    String region = PhoneRegions.regionOf(to);
    RateCard card = cards.inEffectAt(when)
        .orElseThrow(() -> new BillingException.NoRateCard("no rate card is in effect at " + when));
    long pulsesBefore = phoneNumberId == null ? 0
        : charges.monthToDatePulses(phoneNumberId, card.mapping().marketOf(region), ledger.volumeMonth(when));
    return card.rate(region, seconds, pulsesBefore);
  }
}
