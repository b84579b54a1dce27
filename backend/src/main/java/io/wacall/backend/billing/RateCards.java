package io.wacall.backend.billing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Service;

/**
 * Rate cards for the API: upload (validated against the configured market mapping, which the new
 * card then keeps), list, and the card in effect.
 */
@Service
public class RateCards {
  private final RateCardRepository repository;
  private final MarketMapping mapping;
  private final Clock clock;

  @Autowired
  public RateCards(RateCardRepository repository, BillingProperties properties,
      ObjectProvider<ResourceLoader> resources, ObjectProvider<Clock> clock) {
    this(repository, load(resources.getIfAvailable(DefaultResourceLoader::new), properties.marketMapping()),
        clock.getIfAvailable(Clock::systemUTC));
  }

  public RateCards(RateCardRepository repository, MarketMapping mapping, Clock clock) {
    this.repository = repository;
    this.mapping = mapping;
    this.clock = clock;
  }

  /**
   * Validates and stores a card as the next version. A card takes effect from now on, never
   * before: a call is priced on the card in effect when it connected, and it is charged when it
   * closes, minutes later; a card effective in the past would price again the calls that connected
   * since then and are not charged yet (or price differently two calls of the same minute, one
   * charged before the upload and one after).
   *
   * @throws RateCardCsvException naming every wrong line
   * @throws EffectiveFromInThePast when {@code effectiveFrom} is before now
   */
  public RateCard upload(String csv, Instant effectiveFrom, String source) {
    Instant now = clock.instant();
    if (effectiveFrom.isBefore(now)) {
      throw new EffectiveFromInThePast(effectiveFrom, now);
    }
    List<RateCardCsv.Line> lines = RateCardCsv.parse(csv, mapping);
    return repository.insert(effectiveFrom, source, mapping, lines);
  }

  /** An upload effective before now: it could change the price of calls that already connected. */
  public static final class EffectiveFromInThePast extends IllegalArgumentException {
    private final Instant now;

    EffectiveFromInThePast(Instant effectiveFrom, Instant now) {
      super("effectiveFrom " + effectiveFrom + " is in the past (now " + now.truncatedTo(ChronoUnit.SECONDS)
          + "): a card cannot change the price of calls that already connected; upload it effective from now or"
          + " later, e.g. " + now.truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES));
      this.now = now;
    }

    public Instant now() {
      return now;
    }
  }

  public List<RateCardRepository.Summary> list() {
    return repository.list();
  }

  public Optional<RateCard> current() {
    return repository.inEffectAt(clock.instant());
  }

  public Optional<RateCard> find(long version) {
    return repository.find(version);
  }

  /** The mapping new cards are validated against and stored with. */
  public MarketMapping mapping() {
    return mapping;
  }

  private static MarketMapping load(ResourceLoader resources, String location) {
    try (InputStream in = resources.getResource(location).getInputStream()) {
      return MarketMapping.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the market mapping " + location, e);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("the market mapping " + location + " is wrong: " + e.getMessage(), e);
    }
  }
}
