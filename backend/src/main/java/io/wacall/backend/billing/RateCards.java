package io.wacall.backend.billing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
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
   * Validates and stores a card as the next version.
   *
   * @throws RateCardCsvException naming every wrong line
   */
  public RateCard upload(String csv, Instant effectiveFrom, String source) {
    List<RateCardCsv.Line> lines = RateCardCsv.parse(csv, mapping);
    return repository.insert(effectiveFrom, source, mapping, lines);
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
